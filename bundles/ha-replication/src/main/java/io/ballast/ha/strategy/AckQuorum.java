package io.ballast.ha.strategy;

import io.ballast.ha.ReplicaProgress;
import io.ballast.ha.ReplicaProgress.Replica;
import io.ballast.spi.message.SendStatus;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The rule of the waiting strategies: a send is replicated once {@code acksNeeded} slaves acked
 * its end offset; it is refused a wait (SLAVE_NOT_AVAILABLE at once: stored, not replicated) when
 * fewer than {@code inSyncNeeded} slaves are within {@code maxGapNotInSync} of it, because then
 * the wait could only end in a timeout. Immutable; the strategy swaps in a new one on a config edit.
 */
record AckQuorum(int acksNeeded, int inSyncNeeded, ReplicationLimits limits) {

    AckQuorum {
        if (acksNeeded < 1 || inSyncNeeded < 1 || inSyncNeeded > acksNeeded) {
            throw new IllegalArgumentException("need 1 <= inSyncNeeded <= acksNeeded, got " + inSyncNeeded + " and " + acksNeeded);
        }
    }

    CompletionStage<SendStatus> await(long endOffset, ReplicaProgress progress, ReplicationWaiters waiters) {
        List<Replica> replicas = progress.replicas();
        if (SlaveAcks.inSync(replicas, endOffset, limits.maxGapNotInSync()) < inSyncNeeded) {
            return CompletableFuture.completedFuture(SendStatus.SLAVE_NOT_AVAILABLE);
        }
        return waiters.await(endOffset, limits.slaveTimeout());
    }

    long replicatedOffset(ReplicaProgress progress) {
        return SlaveAcks.heldByAtLeast(progress.replicas(), acksNeeded);
    }
}
