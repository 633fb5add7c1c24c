package io.ballast.ha.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.ballast.spi.message.SendStatus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StrategySwapTest extends ReplicationFixture {
    private static final ReplicationLimits LIMITS = new ReplicationLimits(Duration.ofSeconds(1), 1_000_000);

    private final AtomicInteger completions = new AtomicInteger();

    @Test
    void syncToQuorumToAsyncMidWaitLosesNoWaiterAndCompletesEachOnceWithTheArrivingRule() throws Exception {
        progress.ack(1, 0);
        progress.ack(2, 0);
        progress.ack(3, 0);
        SyncReplication sync = new SyncReplication(progress, waiters, LIMITS);
        CompletableFuture<SendStatus> first = counted(sync.awaitReplicated(100));
        CompletableFuture<SendStatus> second = counted(sync.awaitReplicated(200));
        CompletableFuture<SendStatus> never = counted(sync.awaitReplicated(10_000));

        // arriving first, leaving second: the order the switch uses
        QuorumReplication quorum = new QuorumReplication(progress, waiters, 3, 1, LIMITS);
        sync.close();
        progress.ack(1, 150);
        waiters.quiesce();
        assertFalse(first.isDone(), "under quorum one slave's ack is not enough, though it was under sync");
        CompletableFuture<SendStatus> third = counted(quorum.awaitReplicated(300));
        progress.ack(2, 120);
        assertEquals(SendStatus.SEND_OK, first.get(5, TimeUnit.SECONDS));
        assertFalse(second.isDone());

        AsyncReplication async = new AsyncReplication(progress, waiters);
        quorum.close();
        assertEquals(SendStatus.SEND_OK, async.awaitReplicated(400).toCompletableFuture().getNow(null));
        waiters.quiesce();
        assertFalse(second.isDone(), "no slave covers 200 yet: async inherits the wait, it does not wave it through");
        progress.ack(3, 300);
        assertEquals(SendStatus.SEND_OK, second.get(5, TimeUnit.SECONDS));
        assertEquals(SendStatus.SEND_OK, third.get(5, TimeUnit.SECONDS));
        assertEquals(SendStatus.FLUSH_SLAVE_TIMEOUT, never.get(10, TimeUnit.SECONDS), "the deadline survives both swaps");

        assertEquals(4, completions.get());
        assertEquals(0, waiters.pending());
        async.close();
    }

    @Test
    void aWaitLeftWithNobodyDecidingIsDecidedByTheNextStrategyAtOnce() throws Exception {
        progress.ack(1, 0);
        SyncReplication sync = new SyncReplication(progress, waiters, LIMITS);
        CompletableFuture<SendStatus> sent = counted(sync.awaitReplicated(100));
        sync.close(); // leaving first this time
        progress.ack(1, 100); // nobody listens, nobody decides
        waiters.quiesce();
        assertFalse(sent.isDone());

        SyncReplication next = new SyncReplication(progress, waiters, LIMITS);
        assertEquals(SendStatus.SEND_OK, sent.get(5, TimeUnit.SECONDS));
        assertEquals(1, completions.get());
        next.close();
    }

    @Test
    void aLeavingStrategyReleasingAfterTheArrivalDoesNotUnseatIt() throws Exception {
        progress.ack(1, 0);
        SyncReplication leaving = new SyncReplication(progress, waiters, LIMITS);
        SyncReplication arriving = new SyncReplication(progress, waiters, LIMITS);
        leaving.close();
        CompletableFuture<SendStatus> sent = counted(arriving.awaitReplicated(100));
        progress.ack(1, 100);
        assertEquals(SendStatus.SEND_OK, sent.get(5, TimeUnit.SECONDS));
        arriving.close();
    }

    private CompletableFuture<SendStatus> counted(java.util.concurrent.CompletionStage<SendStatus> stage) {
        CompletableFuture<SendStatus> future = stage.toCompletableFuture();
        future.whenComplete((status, failure) -> completions.incrementAndGet());
        return future;
    }
}
