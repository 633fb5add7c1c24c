package io.ballast.ha.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.ballast.spi.message.SendStatus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QuorumReplicationTest extends ReplicationFixture {
    private static final ReplicationLimits LIMITS = new ReplicationLimits(Duration.ofSeconds(10), 1_000);

    @Test
    void threeInSyncReplicasWaitForTwoSlavesOfThree() throws Exception {
        QuorumReplication quorum = new QuorumReplication(progress, waiters, 3, 1, LIMITS);
        progress.ack(1, 0);
        progress.ack(2, 0);
        progress.ack(3, 0);
        CompletableFuture<SendStatus> sent = quorum.awaitReplicated(100).toCompletableFuture();

        progress.ack(1, 100);
        progress.ack(3, 99);
        waiters.quiesce();
        assertFalse(sent.isDone(), "one slave of the two needed acked it");
        assertEquals(99, quorum.replicatedOffset());

        progress.ack(2, 150);
        assertEquals(SendStatus.SEND_OK, sent.get(5, TimeUnit.SECONDS));
        assertEquals(100, quorum.replicatedOffset());
    }

    @Test
    void fewerInSyncSlavesThanMinInSyncReplicasIsSlaveNotAvailableAtOnce() {
        QuorumReplication quorum = new QuorumReplication(progress, waiters, 3, 3, LIMITS);
        progress.ack(1, 10_000);
        progress.ack(2, 0); // connected, but more than the gap behind
        assertEquals(SendStatus.SLAVE_NOT_AVAILABLE, quorum.awaitReplicated(10_000).toCompletableFuture().getNow(null));
    }

    @Test
    void noSlaveAtAllIsSlaveNotAvailableEvenWithMinInSyncReplicasOne() {
        QuorumReplication quorum = new QuorumReplication(progress, waiters, 3, 1, LIMITS);
        assertEquals(SendStatus.SLAVE_NOT_AVAILABLE, quorum.awaitReplicated(100).toCompletableFuture().getNow(null));
    }

    @Test
    void enoughInSyncButTooFewAcksTimesOut() throws Exception {
        QuorumReplication quorum = new QuorumReplication(progress, waiters, 3, 2,
                new ReplicationLimits(Duration.ofMillis(200), 1_000));
        progress.ack(1, 0);
        long start = System.nanoTime();
        CompletableFuture<SendStatus> sent = quorum.awaitReplicated(100).toCompletableFuture();
        progress.ack(1, 100);
        assertEquals(SendStatus.FLUSH_SLAVE_TIMEOUT, sent.get(10, TimeUnit.SECONDS));
        assertFalse(System.nanoTime() - start < Duration.ofMillis(200).toNanos());
    }

    @Test
    void replicaCountsIncludeTheMaster() {
        AckQuorum rule = QuorumReplication.ruleFor(5, 3, LIMITS);
        assertEquals(4, rule.acksNeeded());
        assertEquals(2, rule.inSyncNeeded());
        assertEquals(2, QuorumReplication.ruleFor(3, 9, LIMITS).inSyncNeeded(), "minInSyncReplicas is capped at inSyncReplicas");
    }
}
