package io.ballast.store;

import static io.ballast.store.StoreFixtures.message;
import static io.ballast.store.StoreFixtures.readAll;
import static io.ballast.store.StoreFixtures.small;
import static io.ballast.store.StoreFixtures.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.spi.store.StoreException;
import io.ballast.spi.store.StoredRecord;
import io.ballast.store.io.FullDisk;
import io.ballast.store.io.MappedStoreFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full file system under mapped files: a store into an unbacked page faults (SIGBUS, raised by
 * the JVM as InternalError). {@link FullDisk} makes that happen without root.
 */
class DiskFullTest {
    private static final int QUEUES = 2;

    @TempDir
    Path dir;

    @Test
    void theDispatcherSurvivesAFullDiskAndDeliversEveryMessageOnceSpaceReturns() throws Exception {
        FullDisk disk = new FullDisk();
        Random random = new Random(11);
        try (CommitLogStore store = CommitLogStore.open(disk, small(dir))) {
            store.acknowledgedOffset(store::writtenOffset); // as under async flush
            int n = 0;
            for (; n < 200; n++) {
                store.append(message("T", n % QUEUES, n, random));
            }
            awaitVisible(store, QUEUES, 200 / QUEUES);
            // The queue and index files are full past the pages they use; the commitlog's
            // segments are preallocated, so appends still succeed (and are acknowledged).
            disk.fill(path -> !path.toString().contains("commitlog"));
            for (; n < 1000; n++) {
                store.append(message("T", n % QUEUES, n, random));
            }
            awaitStalled(store);
            assertTrue(store.maxQueueOffset("T", 0) < 1000 / QUEUES, "a queue page past the full disk cannot be written");
            assertTrue(dispatcherAlive(), "the dispatcher thread survived the fault");

            disk.free();
            awaitVisible(store, QUEUES, 1000 / QUEUES);
            for (int queue = 0; queue < QUEUES; queue++) {
                List<StoredRecord> all = readAll(store, "T", queue);
                assertEquals(1000 / QUEUES, all.size());
                for (int i = 0; i < all.size(); i++) {
                    assertEquals(i * QUEUES + queue, verify(all.get(i)), "queue " + queue + " entry " + i);
                }
            }
        }
    }

    @Test
    @org.junit.jupiter.api.Disabled("not yet true: the JVM delivers the fault of a compiled-code copy into the mapping"
            + " asynchronously, after append returned (seen here surfacing in the caller's String.format), so a torn record"
            + " can be acknowledged; needs a synchronous commitlog write (FileChannel) or a read-back check. Preallocated"
            + " segments keep this from happening on ext4, xfs and tmpfs.")
    void aFaultedCommitlogWriteFailsTheStoreStopAndRecoveryServesOnlyWholeRecords() throws Exception {
        FullDisk disk = new FullDisk();
        Random random = new Random(12);
        List<Integer> acknowledged = new ArrayList<>();
        try (CommitLogStore store = CommitLogStore.open(disk, small(dir))) {
            store.acknowledgedOffset(store::writtenOffset);
            for (int n = 0; n < 50; n++) {
                store.append(message("T", 0, n, random));
                acknowledged.add(n);
            }
            // A copy-on-write file system: even the preallocated segments have no block to spare.
            disk.fill(path -> path.toString().contains("commitlog"));
            StoreException refused = null;
            for (int n = 50; n < 1000 && refused == null; n++) {
                try {
                    store.append(message("T", 0, n, random));
                    acknowledged.add(n);
                } catch (StoreException e) {
                    refused = e;
                }
            }
            assertTrue(refused != null, "an append into an unbacked page failed");
            assertEquals(StoreException.Reason.READ_ONLY, refused.reason());
            assertTrue(store.isReadOnly(), "fail-stop");
            assertThrows(StoreException.class, () -> store.append(message("T", 0, 5000, new Random(1))));
        }
        disk.free();
        try (CommitLogStore store = CommitLogStore.open(new MappedStoreFiles(), small(dir))) {
            List<StoredRecord> all = readAll(store, "T", 0);
            List<Integer> served = new ArrayList<>();
            for (StoredRecord record : all) {
                served.add(verify(record));
            }
            // The JVM may deliver the fault a few stores late, after the faulting append returned, so
            // the last records acknowledged before the refusal can be torn: cut by recovery, never
            // served corrupt. That is why commitlog segments are preallocated (no fault possible on
            // ext4, xfs, tmpfs); this test models a copy-on-write file system where they still fault.
            assertTrue(served.size() >= 50, "everything written before the disk filled survives: " + served.size());
            assertEquals(acknowledged.subList(0, served.size()), served, "acknowledged messages in order, once, each whole");
            assertEquals(served.size(), store.append(message("T", 0, 2000, random)).queueOffset(), "writable again");
        }
    }

    private static void awaitVisible(CommitLogStore store, int queues, long perQueue) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (int queue = 0; queue < queues; queue++) {
            while (store.maxQueueOffset("T", queue) < perQueue) {
                assertTrue(System.nanoTime() < deadline, "not visible within 20 s: " + store.maxQueueOffset("T", queue));
                Thread.sleep(5);
            }
        }
    }

    /** Waits until the dispatched offset stops moving for half a second (bounded). */
    private static void awaitStalled(CommitLogStore store) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            long now = store.watermarks().visible();
            if (now == last) {
                return;
            }
            last = now;
            Thread.sleep(500);
        }
    }

    private static boolean dispatcherAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("ballast-dispatcher") && t.isAlive());
    }
}
