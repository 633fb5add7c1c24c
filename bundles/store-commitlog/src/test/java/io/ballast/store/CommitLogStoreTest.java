package io.ballast.store;

import static io.ballast.store.StoreFixtures.message;
import static io.ballast.store.StoreFixtures.readAll;
import static io.ballast.store.StoreFixtures.small;
import static io.ballast.store.StoreFixtures.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.spi.store.AppendResult;
import io.ballast.spi.store.ReadResult;
import io.ballast.spi.store.StoreException;
import io.ballast.spi.store.StoredRecord;
import io.ballast.store.io.MappedStoreFiles;
import io.ballast.store.io.SimulatedDisk;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitLogStoreTest {
    @TempDir
    Path dir;

    private static void awaitVisible(CommitLogStore store, String topic, int queueId, long count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (store.maxQueueOffset(topic, queueId) < count) {
            assertTrue(System.nanoTime() < deadline, "not visible within 10 s: " + store.maxQueueOffset(topic, queueId));
            Thread.sleep(1);
        }
    }

    @Test
    void appendedMessagesAreReadBackThroughTheirQueueInOrder() throws Exception {
        Random random = new Random(1);
        try (CommitLogStore store = CommitLogStore.open(new MappedStoreFiles(), small(dir))) {
            store.acknowledgedOffset(store::writtenOffset); // as under async flush
            for (int n = 0; n < 300; n++) {
                AppendResult result = store.append(message("orders", n % 2, n, random));
                assertEquals(n / 2, result.queueOffset());
            }
            awaitVisible(store, "orders", 0, 150);
            awaitVisible(store, "orders", 1, 150);
            List<StoredRecord> queue1 = readAll(store, "orders", 1);
            assertEquals(150, queue1.size());
            for (int i = 0; i < queue1.size(); i++) {
                assertEquals(2 * i + 1, verify(queue1.get(i)));
            }
            assertEquals(ReadResult.Status.NO_NEW_MESSAGE, store.read("orders", 1, 150, 1, 1024).status());
            assertEquals(ReadResult.Status.OFFSET_OVERFLOW_BADLY, store.read("orders", 1, 151, 1, 1024).status());
            assertEquals(ReadResult.Status.NO_SUCH_QUEUE, store.read("orders", 7, 0, 1, 1024).status());
        }
    }

    @Test
    void aMessageIsInvisibleUntilTheFlushPolicyAcknowledgesIt() throws Exception {
        try (CommitLogStore store = CommitLogStore.open(new MappedStoreFiles(), small(dir))) {
            // No policy bound: consumers see only forced data.
            store.append(message("T", 0, 0, new Random(2)));
            Thread.sleep(200); // give the dispatcher every chance to make a mistake
            assertEquals(0, store.maxQueueOffset("T", 0), "not visible before the force");
            store.force();
            awaitVisible(store, "T", 0, 1);
        }
    }

    @Test
    void aCleanCloseLeavesNothingToRecoverAndQueuesContinue() throws Exception {
        Random random = new Random(3);
        try (CommitLogStore store = CommitLogStore.open(new MappedStoreFiles(), small(dir))) {
            for (int n = 0; n < 100; n++) {
                store.append(message("T", 0, n, random));
            }
        }
        try (CommitLogStore store = CommitLogStore.open(new MappedStoreFiles(), small(dir))) {
            assertFalse(store.recovery().crashed());
            assertEquals(0, store.recovery().truncatedBytes());
            assertEquals(100, store.maxQueueOffset("T", 0), "everything was dispatched at close");
            assertEquals(100, store.append(message("T", 0, 100, random)).queueOffset());
            store.force();
            awaitVisible(store, "T", 0, 101);
            List<StoredRecord> all = readAll(store, "T", 0);
            for (int i = 0; i < all.size(); i++) {
                assertEquals(i, verify(all.get(i)));
            }
        }
    }

    @Test
    void pastTheDiskGuardSendsAreRefusedWhileReadsGoOn() throws Exception {
        SimulatedDisk disk = new SimulatedDisk();
        try (CommitLogStore store = CommitLogStore.open(disk, small(Path.of("/store")))) {
            store.append(message("T", 0, 0, new Random(4)));
            store.force();
            awaitVisible(store, "T", 0, 1);
            disk.capacity(disk.totalSpace(Path.of("/")) - disk.usableSpace(Path.of("/")) + 1024); // nearly full
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            StoreException refused = null;
            while (refused == null && System.nanoTime() < deadline) {
                try {
                    store.append(message("T", 0, 1, new Random(4)));
                    Thread.sleep(50);
                } catch (StoreException e) {
                    refused = e;
                }
            }
            assertTrue(refused != null, "a send was refused once the disk filled");
            assertEquals(StoreException.Reason.DISK_FULL, refused.reason());
            assertTrue(refused.getMessage().contains("diskSpaceWarningLevelRatio=99%"), refused.getMessage());
            assertEquals(ReadResult.Status.FOUND, store.read("T", 0, 0, 1, 1024).status(), "reads go on");
        }
    }

    @Test
    void aFailedForceMakesTheStoreReadOnlyForGood() throws Exception {
        SimulatedDisk disk = new SimulatedDisk();
        try (CommitLogStore store = CommitLogStore.open(disk, small(Path.of("/store")))) {
            store.append(message("T", 0, 0, new Random(5)));
            store.force();
            disk.failForces(path -> true);
            store.append(message("T", 0, 1, new Random(5)));
            assertThrows(IOException.class, store::force);
            assertTrue(store.isReadOnly());
            StoreException e = assertThrows(StoreException.class, () -> store.append(message("T", 0, 2, new Random(5))));
            assertEquals(StoreException.Reason.READ_ONLY, e.reason());
            assertThrows(IOException.class, store::force, "no later force reports progress");
            assertEquals(1, store.forcedOffset() > 0 ? 1 : 0);
        }
    }
}
