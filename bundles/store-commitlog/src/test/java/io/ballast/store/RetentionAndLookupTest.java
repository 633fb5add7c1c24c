package io.ballast.store;

import static io.ballast.store.StoreFixtures.message;
import static io.ballast.store.StoreFixtures.small;
import static io.ballast.store.StoreFixtures.uniqueKey;
import static io.ballast.store.StoreFixtures.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.spi.store.AppendResult;
import io.ballast.spi.store.ReadResult;
import io.ballast.spi.store.StoredRecord;
import io.ballast.store.io.MappedStoreFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionAndLookupTest {
    @TempDir
    Path dir;

    @Test
    void expiredSegmentsAreDeletedAndConsumersBehindThemAreToldSo() throws Exception {
        StoreSettings settings = small(dir).withRetention(Duration.ZERO, 99); // everything not being written is expired
        Random random = new Random(9);
        try (CommitLogStore store = CommitLogStore.open(new MappedStoreFiles(), settings)) {
            List<AppendResult> results = new ArrayList<>();
            for (int n = 0; n < 200; n++) {
                results.add(store.append(message("T", 0, n, random)));
            }
            store.force();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (store.maxQueueOffset("T", 0) < 200) {
                assertTrue(System.nanoTime() < deadline);
                Thread.sleep(1);
            }
            long segmentsWritten = results.get(results.size() - 1).physicalOffset() / settings.segmentSize() + 1;
            assertTrue(segmentsWritten >= 3, "the test spans several segments: " + segmentsWritten);

            assertEquals(segmentsWritten - 1, store.deleteExpired(), "all but the segment being written");
            try (var files = Files.list(dir.resolve("commitlog"))) {
                assertEquals(2, files.count(), "the segment being written and the one prepared after it");
            }
            long min = store.minQueueOffset("T", 0);
            assertTrue(min > 0, "the queue's min offset moved");
            ReadResult tooOld = store.read("T", 0, 0, 1, 1024);
            assertEquals(ReadResult.Status.OFFSET_TOO_SMALL, tooOld.status());
            assertEquals(min, tooOld.nextQueueOffset(), "a consumer is told where to go on");
            ReadResult kept = store.read("T", 0, min, 1, 1 << 20);
            assertEquals(ReadResult.Status.FOUND, kept.status());
            assertEquals(min, verify(kept.records().get(0)), "what is kept is intact");
            assertTrue(store.recordAt(results.get(0).physicalOffset()).isEmpty(), "deleted data is not served by offset either");
        }
    }

    @Test
    void nothingIsDeletedBeforeItExpires() throws Exception {
        Random random = new Random(10);
        try (CommitLogStore store = CommitLogStore.open(new MappedStoreFiles(), small(dir))) {
            for (int n = 0; n < 200; n++) {
                store.append(message("T", 0, n, random));
            }
            store.force();
            assertEquals(0, store.deleteExpired(), "72 h have not passed");
        }
    }

    @Test
    void messagesAreFoundByUniqueKeyByBusinessKeyAndByOffset() throws Exception {
        Random random = new Random(11);
        try (CommitLogStore store = CommitLogStore.open(new MappedStoreFiles(), small(dir))) {
            List<AppendResult> results = new ArrayList<>();
            for (int n = 0; n < 50; n++) {
                results.add(store.append(message(n % 2 == 0 ? "even" : "odd", 0, n, random)));
            }
            assertTrue(store.recordAt(results.get(7).physicalOffset()).isEmpty(), "not visible before the force");
            store.force();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (store.watermarks().visible() < store.writtenOffset()) {
                assertTrue(System.nanoTime() < deadline);
                Thread.sleep(1);
            }
            List<StoredRecord> byUnique = store.queryByKey("odd", uniqueKey(7), 10, 0, Long.MAX_VALUE);
            assertEquals(1, byUnique.size());
            assertEquals(7, verify(byUnique.get(0)));
            assertEquals(List.of(), store.queryByKey("even", uniqueKey(7), 10, 0, Long.MAX_VALUE), "the topic is part of the key");
            List<StoredRecord> byKey = store.queryByKey("even", "n-12", 10, 0, Long.MAX_VALUE);
            assertEquals(12, verify(byKey.get(0)));
            assertEquals(31, verify(store.recordAt(results.get(31).physicalOffset()).orElseThrow()));
            assertTrue(store.recordAt(results.get(31).physicalOffset() + 1).isEmpty(), "not the start of a record");
        }
    }
}
