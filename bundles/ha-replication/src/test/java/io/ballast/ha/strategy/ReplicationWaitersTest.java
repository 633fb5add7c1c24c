package io.ballast.ha.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.ballast.spi.message.SendStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReplicationWaitersTest extends ReplicationFixture {
    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void manyConcurrentWaitsAreCompletedInOffsetOrderByOneAck() throws Exception {
        int senders = 8;
        int perSender = 200;
        progress.ack(1, 0);
        SyncReplication sync = new SyncReplication(progress, waiters, new ReplicationLimits(LONG, Long.MAX_VALUE / 4));
        List<Long> completionOrder = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<SendStatus>> all = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                int sender = s;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perSender; i++) {
                        long endOffset = 1 + (long) i * senders + sender; // distinct, interleaved across senders
                        CompletableFuture<SendStatus> wait = sync.awaitReplicated(endOffset).toCompletableFuture();
                        wait.thenRun(() -> completionOrder.add(endOffset));
                        all.add(wait);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }
        long total = (long) senders * perSender;
        assertEquals(total, waiters.pending());

        progress.ack(1, total / 2); // covers exactly the lower half
        waiters.quiesce();
        assertEquals(total / 2, completionOrder.size());
        progress.ack(1, total);
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        // allOf can finish while the table's thread is still running the last future's other
        // dependents (the thenRun that records the order): let that pass finish first.
        waiters.quiesce();

        List<Long> sorted = new ArrayList<>(completionOrder);
        Collections.sort(sorted);
        assertEquals(sorted, completionOrder, "waits covered together complete in offset order");
        assertEquals(total, completionOrder.size());
        all.forEach(w -> assertEquals(SendStatus.SEND_OK, w.join()));
        assertEquals(0, waiters.pending());
    }

    /**
     * Waits added while acks cover them, racing the decision thread, with short deadlines: every
     * wait completes once, nothing is left in either index, and the table still answers (a wait
     * settled between its two index insertions once left an orphan the timer spun on forever).
     */
    @Test
    void waitsRacingTheAcksThatCoverThemNeverStrandTheTimer() throws Exception {
        SyncReplication sync = new SyncReplication(progress, waiters, new ReplicationLimits(Duration.ofMillis(50), Long.MAX_VALUE / 4));
        progress.ack(1, 0);
        List<CompletableFuture<SendStatus>> all = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int s = 0; s < 2; s++) {
                done.add(pool.submit(() -> {
                    for (int i = 1; i <= 20_000; i++) {
                        all.add(sync.awaitReplicated(i).toCompletableFuture());
                    }
                }));
            }
            done.add(pool.submit(() -> {
                for (int i = 1; i <= 20_000; i++) {
                    progress.ack(1, i);
                }
            }));
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        waiters.quiesce();
        assertEquals(0, waiters.pending());
        // the table still decides: a new wait is answered, by ack or by its deadline
        assertTrue(sync.awaitReplicated(30_000).toCompletableFuture().get(5, TimeUnit.SECONDS) != null);
    }

    @Test
    void withNoStrategyDecidingAWaitOnlyTimesOut() throws Exception {
        CompletableFuture<SendStatus> wait = waiters.await(100, Duration.ofMillis(150));
        progress.ack(1, 1_000);
        assertEquals(SendStatus.FLUSH_SLAVE_TIMEOUT, wait.get(10, TimeUnit.SECONDS));
    }

    @Test
    void anEarlierDeadlineAddedLaterStillFiresFirst() throws Exception {
        CompletableFuture<SendStatus> late = waiters.await(100, LONG);
        long start = System.nanoTime();
        CompletableFuture<SendStatus> early = waiters.await(200, Duration.ofMillis(100));
        assertEquals(SendStatus.FLUSH_SLAVE_TIMEOUT, early.get(10, TimeUnit.SECONDS));
        assertFalse(System.nanoTime() - start < Duration.ofMillis(100).toNanos());
        assertFalse(late.isDone());
    }

    @Test
    void closingCompletesWhatIsLeftAsFlushSlaveTimeoutAndRefusesLaterWaits() {
        CompletableFuture<SendStatus> a = waiters.await(100, LONG);
        CompletableFuture<SendStatus> b = waiters.await(200, LONG);
        waiters.close();
        assertEquals(SendStatus.FLUSH_SLAVE_TIMEOUT, a.getNow(null));
        assertEquals(SendStatus.FLUSH_SLAVE_TIMEOUT, b.getNow(null));
        assertEquals(SendStatus.SLAVE_NOT_AVAILABLE, waiters.await(300, LONG).getNow(null));
        assertEquals(0, waiters.pending());
    }
}
