package io.ballast.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.spi.store.AppendResult;
import io.ballast.spi.store.ReadResult;
import io.ballast.spi.store.StoreException;
import io.ballast.spi.store.StoredRecord;
import io.ballast.store.io.MappedStoreFiles;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

/**
 * The store component's deactivation as a live update of the store bundle performs it: appends
 * keep arriving from several threads while it closes, and the next instance (the new build)
 * opens the same folder.
 */
class StoreHandoverTest {
    private static final String TOPIC = "Handover";
    private static final int THREADS = 4;
    private static final int MAX_PER_THREAD = 20_000;

    @TempDir
    Path dir;

    @Test
    void deactivationUnderConcurrentAppendsKeepsEveryAcknowledgedRecordAndTheNextOpenIsClean() throws Exception {
        StoreComponent leaving = new StoreComponent(config(dir), context());
        ConcurrentLinkedQueue<Integer> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicInteger refused = new AtomicInteger();
        List<Throwable> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicInteger next = new AtomicInteger();
        CountDownLatch warmedUp = new CountDownLatch(THREADS * 50);
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Thread sender = new Thread(() -> {
                Random random = new Random();
                for (int i = 0; i < MAX_PER_THREAD; i++) {
                    int n = next.getAndIncrement();
                    try {
                        AppendResult result = leaving.append(StoreFixtures.message(TOPIC, 0, n, random));
                        assertEquals(1, result.messageCount());
                        acknowledged.add(n);
                        warmedUp.countDown();
                    } catch (StoreException e) {
                        if (e.reason() != StoreException.Reason.NOT_AVAILABLE) {
                            unexpected.add(e);
                        }
                        refused.incrementAndGet();
                        return; // the store is going: as the broker, stop using this instance
                    } catch (Throwable e) {
                        unexpected.add(e);
                        return;
                    }
                }
            });
            sender.start();
            senders.add(sender);
        }
        // Bounded: a sender that stops early (a refusal, a full disk) must fail the test, not hang it.
        assertTrue(warmedUp.await(60, TimeUnit.SECONDS), "senders warmed up; unexpected: " + unexpected);
        leaving.deactivate();
        for (Thread sender : senders) {
            sender.join(30_000);
            assertFalse(sender.isAlive(), "sender finished");
        }
        assertEquals(List.of(), unexpected, "only NOT_AVAILABLE refusals once the store closes");
        assertFalse(leaving.isOpen(), "the closed instance lets nothing in");
        ReadResult afterClose = leaving.read(TOPIC, 0, 0, 32, 1 << 20);
        assertEquals(ReadResult.Status.NO_NEW_MESSAGE, afterClose.status(), "a read after the close finds nothing new, no error");
        assertFalse(Files.exists(StoreFixtures.small(dir).abortFile()), "clean close removes the abort marker");

        try (CommitLogStore arriving = CommitLogStore.open(new MappedStoreFiles(), StoreComponent.settings(config(dir), null))) {
            assertFalse(arriving.recovery().crashed(), "the new instance sees a clean stop, not a crash");
            assertEquals(0, arriving.recovery().truncatedBytes(), "nothing cut from the tail");
            List<StoredRecord> records = StoreFixtures.readAll(arriving, TOPIC, 0);
            Set<Integer> stored = new HashSet<>();
            for (StoredRecord record : records) {
                assertTrue(stored.add(StoreFixtures.verify(record)), "each record once");
            }
            assertEquals(new HashSet<>(acknowledged), stored, "exactly the acknowledged appends, each once");
            AppendResult after = arriving.append(StoreFixtures.message(TOPIC, 0, -1 >>> 1, new Random()));
            assertEquals(records.size(), after.queueOffset(), "the queue continues after the last record, never reusing an offset");
        }
    }

    @Test
    void callsAfterTheCloseAreTurnedAwayAsRetriable() throws Exception {
        StoreComponent store = new StoreComponent(config(dir), context());
        store.deactivate();
        StoreException refused = org.junit.jupiter.api.Assertions.assertThrows(StoreException.class,
                () -> store.append(StoreFixtures.message(TOPIC, 0, 1, new Random())));
        assertEquals(StoreException.Reason.NOT_AVAILABLE, refused.reason());
        assertTrue(refused.getMessage().contains("retry"), refused.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, store::force);
    }

    private static StoreComponent.Config config(Path root) {
        Map<String, Object> values = Map.of("storePathRootDir", root.toString(), "mappedFileSizeCommitLog", 1 << 20, "maxMessageSize", 8 * 1024,
                "mappedFileSizeConsumeQueue", 20 * 1000, "maxHashSlotNum", 1009, "maxIndexNum", 4000);
        return (StoreComponent.Config) Proxy.newProxyInstance(StoreComponent.Config.class.getClassLoader(),
                new Class<?>[] {StoreComponent.Config.class},
                (proxy, method, args) -> values.getOrDefault(method.getName(), method.getDefaultValue()));
    }

    private static BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> null);
    }
}
