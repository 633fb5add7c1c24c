package io.ballast.ha.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.spi.message.SendStatus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SyncReplicationTest extends ReplicationFixture {
    private static final ReplicationLimits LIMITS = new ReplicationLimits(Duration.ofSeconds(10), 1_000);

    @Test
    void waitsForAnAckCoveringTheSendAndNotForALowerOne() throws Exception {
        SyncReplication sync = new SyncReplication(progress, waiters, LIMITS);
        progress.ack(1, 0);
        CompletableFuture<SendStatus> sent = sync.awaitReplicated(100).toCompletableFuture();

        progress.ack(1, 99);
        waiters.quiesce();
        assertFalse(sent.isDone(), "an ack one byte short must not release the send");

        progress.ack(1, 100);
        assertEquals(SendStatus.SEND_OK, sent.get(5, TimeUnit.SECONDS));
        assertEquals(100, sync.replicatedOffset());
    }

    @Test
    void noSlaveConnectedIsSlaveNotAvailableAtOnce() {
        SyncReplication sync = new SyncReplication(progress, waiters, LIMITS);
        CompletableFuture<SendStatus> sent = sync.awaitReplicated(100).toCompletableFuture();
        assertTrue(sent.isDone());
        assertEquals(SendStatus.SLAVE_NOT_AVAILABLE, sent.join());
        assertEquals(0, waiters.pending());
    }

    @Test
    void aSlaveFartherBehindThanTheGapIsSlaveNotAvailableAtOnce() {
        SyncReplication sync = new SyncReplication(progress, waiters, LIMITS);
        progress.ack(1, 3_999);
        CompletableFuture<SendStatus> farAhead = sync.awaitReplicated(5_000).toCompletableFuture();
        assertEquals(SendStatus.SLAVE_NOT_AVAILABLE, farAhead.getNow(null));

        CompletableFuture<SendStatus> withinGap = sync.awaitReplicated(4_999).toCompletableFuture();
        assertFalse(withinGap.isDone(), "a slave exactly at the gap is in sync and is waited for");
    }

    @Test
    void notAckedWithinSlaveTimeoutIsFlushSlaveTimeoutByTheClock() throws Exception {
        Duration timeout = Duration.ofMillis(300);
        SyncReplication sync = new SyncReplication(progress, waiters, new ReplicationLimits(timeout, 1_000));
        progress.ack(1, 0);
        long start = System.nanoTime();
        CompletableFuture<SendStatus> sent = sync.awaitReplicated(100).toCompletableFuture();
        // reports that do not cover the send must neither release it nor hasten its timeout
        for (int i = 1; i < 50; i++) {
            progress.ack(1, i);
        }
        assertEquals(SendStatus.FLUSH_SLAVE_TIMEOUT, sent.get(10, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - start >= timeout.toNanos(), "timed out before slaveTimeout had passed");
    }

    @Test
    void anAckThatArrivedBeforeTheWaitStillReleasesIt() throws Exception {
        SyncReplication sync = new SyncReplication(progress, waiters, LIMITS);
        progress.ack(1, 500);
        assertEquals(SendStatus.SEND_OK, sync.awaitReplicated(400).toCompletableFuture().get(5, TimeUnit.SECONDS));
    }

    @Test
    void completionRunsOnTheTablesThreadAndNeverBlocksTheSenderOrTheLink() throws Exception {
        SyncReplication sync = new SyncReplication(progress, waiters, LIMITS);
        progress.ack(1, 0);
        CompletableFuture<SendStatus> sent = sync.awaitReplicated(100).toCompletableFuture();
        assertFalse(sent.isDone(), "awaitReplicated returned a decided wait before any ack");

        AtomicReference<String> completedOn = new AtomicReference<>();
        CountDownLatch releaseDependent = new CountDownLatch(1);
        CompletableFuture<Void> dependent = sent.thenRun(() -> {
            completedOn.set(Thread.currentThread().getName());
            try {
                releaseDependent.await(10, TimeUnit.SECONDS); // a slow continuation must not hold the link
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread link = new Thread(() -> progress.ack(1, 100), "fake-link");
        link.start();
        link.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(link.isAlive(), "the link's report blocked on the send's continuation");
        releaseDependent.countDown();
        dependent.get(5, TimeUnit.SECONDS);
        assertEquals(ReplicationWaiters.THREAD_NAME, completedOn.get());
    }

    @Test
    void closingLeavesTheWaitsToTheTableAndStopsListening() throws Exception {
        SyncReplication sync = new SyncReplication(progress, waiters, LIMITS);
        progress.ack(1, 0);
        CompletableFuture<SendStatus> sent = sync.awaitReplicated(100).toCompletableFuture();
        sync.close();
        assertEquals(0, progress.listenerCount());
        progress.ack(1, 100);
        waiters.requestEvaluation();
        waiters.quiesce();
        assertFalse(sent.isDone(), "with no strategy deciding, nothing may complete SEND_OK");
        assertEquals(1, waiters.pending());
    }
}
