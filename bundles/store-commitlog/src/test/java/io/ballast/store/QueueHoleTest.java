package io.ballast.store;

import static io.ballast.store.StoreFixtures.message;
import static io.ballast.store.StoreFixtures.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.spi.store.ReadResult;
import io.ballast.store.io.MappedStoreFiles;
import io.ballast.store.queue.ConsumeQueue;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A queue entry below the queue's max that holds nothing: on a full disk the fault of a queue page
 * reaches the dispatcher after the max has moved, and the entry is rewritten once space returns.
 * A read must wait at such a hole, never step over it: a consumer stepping over never sees the message.
 */
class QueueHoleTest {
    @TempDir
    Path dir;

    @Test
    void aReadWaitsAtAHoleBelowTheMaxInsteadOfSteppingOverIt() throws Exception {
        StoreSettings settings = small(dir);
        Random random = new Random(5);
        try (CommitLogStore store = CommitLogStore.open(new MappedStoreFiles(), settings)) {
            store.acknowledgedOffset(store::writtenOffset);
            for (int n = 0; n < 3; n++) {
                store.append(message("T", 0, n, random));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (store.maxQueueOffset("T", 0) < 3) {
                assertTrue(System.nanoTime() < deadline, "not dispatched");
                Thread.sleep(5);
            }
            // Entry 1 as a failed write leaves it: zeros, through the file the queue maps.
            Path file = settings.consumeQueueDirectory().resolve("T").resolve("0").resolve(String.format("%020d", 0));
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.allocate(ConsumeQueue.ENTRY_SIZE), ConsumeQueue.ENTRY_SIZE);
            }

            ReadResult atHole = store.read("T", 0, 1, 32, Integer.MAX_VALUE);
            assertEquals(ReadResult.Status.NO_NEW_MESSAGE, atHole.status());
            assertEquals(1, atHole.nextQueueOffset(), "the reader stays at the hole");
            assertEquals(3, atHole.maxQueueOffset());

            ReadResult before = store.read("T", 0, 0, 32, Integer.MAX_VALUE);
            assertEquals(ReadResult.Status.FOUND, before.status());
            assertEquals(1, before.records().size(), "a batch ends before the hole");
            assertEquals(1, before.nextQueueOffset());

            ReadResult after = store.read("T", 0, 2, 32, Integer.MAX_VALUE);
            assertEquals(ReadResult.Status.FOUND, after.status(), "entries after the hole stay readable");
        }
    }
}
