package io.ballast.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.ballast.spi.message.SendStatus;
import io.ballast.spi.replication.ReplicationStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite for a {@link ReplicationStrategy}. The SPI says nothing about how a
 * strategy learns what its replicas hold, so the test that extends this suite plays the replicas:
 * {@link #newStrategy()} builds a strategy over the test's own replica set (connected, in sync,
 * holding nothing yet), and {@link #replicasHold(long)} makes enough of them report an offset for
 * the strategy's rule. Fields of the extending test are fresh for every test method (JUnit makes a
 * new instance per test), so a replica set kept in a field is shared by every strategy one test
 * builds: that is how the suite checks a swap.
 *
 * <p>What it checks:
 * <ul>
 *   <li>a waiting strategy never completes SEND_OK before its replicas reported an offset covering
 *       the send;</li>
 *   <li>a send is SEND_OK once they did, also for sends already covered when they arrive and for
 *       many concurrent sends;</li>
 *   <li>{@link ReplicationStrategy#replicatedOffset()} never runs ahead of what replicas reported;</li>
 *   <li>on deactivation no stage is dropped: the leaving strategy completes them, or hands them to
 *       the strategy that takes over (built by {@link #newStrategy()} after the first one's
 *       {@link #deactivate}), which then completes them.</li>
 * </ul>
 * Timeouts the strategy takes (slaveTimeout) should be long, 10 s or more.
 */
public abstract class ReplicationStrategyContract {
    private final List<ReplicationStrategy> active = new ArrayList<>();
    private final AtomicLong highestReported = new AtomicLong();

    /** A new, active strategy over this test's replicas (connected, in sync, reporting offset 0 so far). */
    protected abstract ReplicationStrategy newStrategy();

    /** Enough replicas for the strategy's rule report holding every byte below {@code offset}. */
    protected abstract void replicasHold(long offset);

    /** Deactivates {@code strategy} as the broker's swap does (your {@code @Deactivate} method). */
    protected abstract void deactivate(ReplicationStrategy strategy);

    /**
     * Whether the strategy answers SEND_OK without waiting for a replica (ASYNC_MASTER). The
     * suite then skips the check that it waits.
     */
    protected boolean acknowledgesWithoutReplicas() {
        return false;
    }

    private ReplicationStrategy started() {
        ReplicationStrategy strategy = newStrategy();
        active.add(strategy);
        return strategy;
    }

    private void report(long offset) {
        highestReported.accumulateAndGet(offset, Math::max);
        replicasHold(offset);
    }

    @AfterEach
    final void deactivateWhatIsLeft() {
        for (ReplicationStrategy strategy : active) {
            deactivate(strategy);
        }
    }

    private void deactivateNow(ReplicationStrategy strategy) {
        active.remove(strategy);
        deactivate(strategy);
    }

    @Test
    void neverAcknowledgesBeforeReplicasReportedTheSend() {
        assumeFalse(acknowledgesWithoutReplicas(), "the strategy does not wait for replicas");
        ReplicationStrategy strategy = started();
        CompletableFuture<SendStatus> send = strategy.awaitReplicated(100).toCompletableFuture();
        report(99);
        Bounded.quietPeriod();
        assertFalse(Bounded.acknowledged(send),
                "SEND_OK for offset 100 while the replicas held only 99 bytes");

        report(100);
        assertEquals(SendStatus.SEND_OK, Bounded.completed(send, "the wait for offset 100").join());
    }

    @Test
    void aSendAlreadyHeldByTheReplicasIsAcknowledged() {
        ReplicationStrategy strategy = started();
        report(500);
        Bounded.until(() -> strategy.replicatedOffset() >= 500, "replicatedOffset following a report of 500");
        CompletableFuture<SendStatus> send = strategy.awaitReplicated(200).toCompletableFuture();
        assertEquals(SendStatus.SEND_OK, Bounded.completed(send, "the wait for a held offset").join());
    }

    @Test
    void replicatedOffsetNeverRunsAheadOfTheReplicas() {
        ReplicationStrategy strategy = started();
        assertTrue(strategy.replicatedOffset() <= 0, "replicated " + strategy.replicatedOffset() + " before any report");
        for (long offset = 1_000; offset <= 5_000; offset += 1_000) {
            report(offset);
            long replicated = strategy.replicatedOffset();
            assertTrue(replicated <= highestReported.get(), "replicated " + replicated + " but replicas reported only "
                    + highestReported.get());
        }
        Bounded.until(() -> strategy.replicatedOffset() == 5_000, "replicatedOffset reaching the replicas' 5000");
    }

    @Test
    void completesEveryWaiterOfConcurrentSends() throws Exception {
        ReplicationStrategy strategy = started();
        int threads = 4;
        int perThread = 100;
        ExecutorService senders = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<CompletableFuture<SendStatus>>>> batches = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long base = t * 1_000_000L;
                batches.add(senders.submit(() -> {
                    List<CompletableFuture<SendStatus>> sends = new ArrayList<>();
                    for (int i = 1; i <= perThread; i++) {
                        sends.add(strategy.awaitReplicated(base + i * 100L).toCompletableFuture());
                    }
                    return sends;
                }));
            }
            List<CompletableFuture<SendStatus>> all = new ArrayList<>();
            for (Future<List<CompletableFuture<SendStatus>>> batch : batches) {
                all.addAll(batch.get(Bounded.LIMIT.toSeconds(), TimeUnit.SECONDS));
            }
            report(threads * 1_000_000L);
            for (CompletableFuture<SendStatus> send : all) {
                assertEquals(SendStatus.SEND_OK, Bounded.completed(send, "a concurrent send's wait").join());
            }
        } finally {
            senders.shutdownNow();
        }
    }

    @Test
    void deactivationHandsOverOrCompletesEveryWaiter() {
        ReplicationStrategy leaving = started();
        List<CompletableFuture<SendStatus>> held = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            held.add(leaving.awaitReplicated(i * 100L).toCompletableFuture());
        }
        deactivateNow(leaving);
        ReplicationStrategy arriving = started();
        report(2_000);
        for (CompletableFuture<SendStatus> send : held) {
            CompletableFuture<SendStatus> done = Bounded.completed(send, "a wait held across the swap");
            assertFalse(done.isCompletedExceptionally(),
                    "a wait failed across the swap instead of being answered with a send status");
        }
        CompletableFuture<SendStatus> after = arriving.awaitReplicated(2_000).toCompletableFuture();
        assertEquals(SendStatus.SEND_OK, Bounded.completed(after, "a send to the arriving strategy").join());
    }
}
