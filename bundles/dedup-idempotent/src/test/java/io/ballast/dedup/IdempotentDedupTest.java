package io.ballast.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.spi.dedup.DeliveryCandidate;
import io.ballast.spi.message.Message;
import io.ballast.spi.message.MessageProperties;
import io.ballast.spi.store.AppendResult;
import io.ballast.spi.store.StoreException;
import io.ballast.store.CommitLogStore;
import io.ballast.store.StoreSettings;
import io.ballast.store.io.MappedStoreFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filter over a real commitlog store (64 KiB segments, so the walk crosses segment ends). */
class IdempotentDedupTest {
    private static final IdempotentDedup.Settings ON = new IdempotentDedup.Settings(true, 600, 100_000, 3_000);

    @TempDir
    Path dir;

    private CommitLogStore open() throws IOException {
        CommitLogStore store = CommitLogStore.open(new MappedStoreFiles(), new StoreSettings(dir.resolve("store"), 64 * 1024,
                1000, 8 * 1024, new InetSocketAddress("127.0.0.1", 10911), Duration.ofHours(72), 99, 1009, 4000));
        store.acknowledgedOffset(store::writtenOffset);
        return store;
    }

    private static Message message(String topic, int queueId, String key) {
        return Message.builder(topic, ("body of " + key).getBytes(StandardCharsets.UTF_8)).queueId(queueId)
                .properties(Map.of(MessageProperties.UNIQ_KEY, key)).build();
    }

    /** Waits until every written record is dispatched and walked, so queue offsets and the window are final. */
    private static void settle(CommitLogStore store, IdempotentDedup dedup) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (dedup.tailPosition() < store.writtenOffset()) {
            assertTrue(System.nanoTime() < deadline, "the walk never reached offset " + store.writtenOffset());
            dedup.awaitCaughtUp(100);
        }
    }

    /** The send path as DurableAppend runs it. */
    private static AppendResult send(CommitLogStore store, IdempotentDedup dedup, Message m) throws StoreException {
        Optional<AppendResult> original = dedup.findOriginal(m);
        if (original.isPresent()) {
            return original.get();
        }
        AppendResult stored = store.append(m);
        dedup.stored(m, stored);
        return stored;
    }

    @Test
    void aSecondSendOfAKeyIsAnsweredWithTheFirstAndNotStored() throws Exception {
        try (CommitLogStore store = open(); IdempotentDedup dedup = new IdempotentDedup(store, store, ON, System::currentTimeMillis)) {
            AppendResult first = send(store, dedup, message("Orders", 1, "K1"));
            AppendResult again = send(store, dedup, message("Orders", 1, "K1"));
            assertEquals(first.messageIds(), again.messageIds());
            assertEquals(first.queueOffset(), again.queueOffset());
            assertEquals(first.physicalOffset(), again.physicalOffset());
            assertEquals(first.endOffset(), again.endOffset());
            settle(store, dedup);
            assertEquals(1, store.maxQueueOffset("Orders", 1), "one copy stored");
            AppendResult other = send(store, dedup, message("Orders", 1, "K2"));
            assertEquals(1, other.queueOffset());
            AppendResult otherTopic = send(store, dedup, message("Payments", 1, "K1"));
            assertEquals(0, otherTopic.queueOffset(), "the same key on another topic is another message");
        }
    }

    @Test
    void retryCopiesOfOneMessageAreNotCollapsed() throws Exception {
        try (CommitLogStore store = open(); IdempotentDedup dedup = new IdempotentDedup(store, store, ON, System::currentTimeMillis)) {
            Message first = message("%RETRY%g", 0, "K1").toBuilder().reconsumeTimes(1).build();
            Message second = first.toBuilder().reconsumeTimes(2).build();
            send(store, dedup, first);
            send(store, dedup, second);
            settle(store, dedup);
            assertEquals(2, store.maxQueueOffset("%RETRY%g", 0));
        }
    }

    @Test
    void concurrentSendsOfOneKeyStoreOneCopy() throws Exception {
        int threads = 8;
        int keys = 200;
        try (CommitLogStore store = open(); IdempotentDedup dedup = new IdempotentDedup(store, store, ON, System::currentTimeMillis)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<List<AppendResult>>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    futures.add(pool.submit(() -> {
                        start.await();
                        List<AppendResult> results = new ArrayList<>();
                        for (int k = 0; k < keys; k++) {
                            results.add(send(store, dedup, message("Orders", 0, "K" + k)));
                        }
                        return results;
                    }));
                }
                start.countDown();
                List<List<AppendResult>> all = new ArrayList<>();
                for (Future<List<AppendResult>> f : futures) {
                    all.add(f.get(60, TimeUnit.SECONDS));
                }
                settle(store, dedup);
                assertEquals(keys, store.maxQueueOffset("Orders", 0), "each key stored exactly once");
                for (int k = 0; k < keys; k++) {
                    for (List<AppendResult> results : all) {
                        assertEquals(all.get(0).get(k).messageIds(), results.get(k).messageIds(), "key K" + k);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aFailedAppendLetsTheWaitingSendStoreItself() throws Exception {
        try (CommitLogStore store = open(); IdempotentDedup dedup = new IdempotentDedup(store, store, ON, System::currentTimeMillis)) {
            Message m = message("Orders", 0, "K1");
            assertTrue(dedup.findOriginal(m).isEmpty()); // holds the reservation
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<AppendResult> second = pool.submit(() -> send(store, dedup, m));
                Thread.sleep(50);
                assertFalse(second.isDone(), "the second send waits for the first");
                dedup.appendFailed(m);
                AppendResult stored = second.get(10, TimeUnit.SECONDS);
                assertEquals(0, stored.queueOffset());
                settle(store, dedup);
                assertEquals(1, store.maxQueueOffset("Orders", 0));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void theWindowIsRebuiltFromTheCommitlogAfterARestart() throws Exception {
        List<AppendResult> firsts = new ArrayList<>();
        try (CommitLogStore store = open()) {
            for (int k = 0; k < 2_000; k++) { // about 150 KiB: the walk crosses segment ends
                firsts.add(store.append(message("Orders", k % 4, "K" + k)));
            }
        }
        try (CommitLogStore store = open(); IdempotentDedup dedup = new IdempotentDedup(store, store, ON, System::currentTimeMillis)) {
            settle(store, dedup);
            assertEquals(2_000, dedup.keys());
            for (int k = 0; k < 2_000; k += 97) {
                Optional<AppendResult> original = dedup.findOriginal(message("Orders", k % 4, "K" + k));
                assertEquals(firsts.get(k).messageIds(), original.orElseThrow().messageIds(), "K" + k);
                assertEquals(firsts.get(k).queueOffset(), original.get().queueOffset());
            }
            // appended by another path (a slave's replicated bytes arrive the same way): learnt by the walk
            AppendResult late = store.append(message("Orders", 0, "LATE"));
            settle(store, dedup);
            assertEquals(late.messageIds(), dedup.findOriginal(message("Orders", 0, "LATE")).orElseThrow().messageIds());
        }
    }

    @Test
    void keysStoredBeforeTheWindowAreNotRebuilt() throws Exception {
        long[] now = {System.currentTimeMillis()};
        try (CommitLogStore store = open()) {
            store.append(message("Orders", 0, "OLD"));
        }
        try (CommitLogStore store = open();
             IdempotentDedup dedup = new IdempotentDedup(store, store, new IdempotentDedup.Settings(true, 60, 1000, 3000),
                     () -> now[0] + 120_000)) {
            settle(store, dedup);
            assertTrue(dedup.findOriginal(message("Orders", 0, "OLD")).isEmpty(), "stored 2 min ago, the window is 1 min");
        }
    }

    @Test
    void aCopyIsNotDeliveredToAGroupThatConsumedTheFirst() throws Exception {
        try (CommitLogStore store = open(); IdempotentDedup dedup = new IdempotentDedup(store, store, ON, System::currentTimeMillis)) {
            store.append(message("Orders", 0, "K1"));     // first copy, queue 0 offset 0
            store.append(message("Orders", 1, "K1"));     // a copy stored by another path, queue 1 offset 0
            settle(store, dedup);
            DeliveryCandidate copy = new DeliveryCandidate("g", "Orders", 1, 0, "K1", -1, q -> q == 0 ? 1 : -1);
            assertFalse(dedup.shouldDeliver(copy), "g committed past the first copy on queue 0");
            DeliveryCandidate beforeConsumed = new DeliveryCandidate("g", "Orders", 1, 0, "K1", -1, q -> q == 0 ? 0 : -1);
            assertTrue(dedup.shouldDeliver(beforeConsumed), "the first copy is not consumed yet: deliver");
            DeliveryCandidate firstItself = new DeliveryCandidate("g", "Orders", 0, 0, "K1", 1, q -> 1);
            assertTrue(dedup.shouldDeliver(firstItself), "the first copy is always delivered");
            assertTrue(dedup.shouldDeliver(new DeliveryCandidate("g", "Orders", 1, 0, null, -1)), "no key: delivered");
            assertTrue(dedup.shouldDeliver(new DeliveryCandidate("g", "Orders", 1, 5, "NEW", -1)), "unknown key: delivered");
        }
    }

    @Test
    void disabledItPassesEverything() throws Exception {
        IdempotentDedup.Settings off = new IdempotentDedup.Settings(false, 600, 1000, 3000);
        try (CommitLogStore store = open(); IdempotentDedup dedup = new IdempotentDedup(store, store, off, System::currentTimeMillis)) {
            send(store, dedup, message("Orders", 0, "K1"));
            send(store, dedup, message("Orders", 0, "K1"));
            settle(store, dedup);
            assertEquals(2, store.maxQueueOffset("Orders", 0));
        }
    }
}
