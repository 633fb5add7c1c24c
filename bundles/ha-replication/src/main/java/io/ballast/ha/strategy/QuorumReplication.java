package io.ballast.ha.strategy;

import io.ballast.ha.ReplicaProgress;
import io.ballast.spi.message.SendStatus;
import io.ballast.spi.replication.ReplicationStrategy;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * SYNC_MASTER with {@code inSyncReplicas} ≥ 3: a send is answered SEND_OK once
 * {@code inSyncReplicas − 1} slaves acked it (the master counts itself, as in 5.x). Chosen by
 * RocketMQ's own key rather than a Ballast one, so an ordinary 5.x broker.conf selects it.
 *
 * <p>With fewer than {@code minInSyncReplicas − 1} slaves within {@code haMaxGapNotInSync} of
 * the send, and never fewer than one, it is answered SLAVE_NOT_AVAILABLE at once (stored, not
 * replicated); with none in sync no wait could succeed in time, and sync replication answers the
 * same. Not acked by enough slaves within {@code slaveTimeout}: FLUSH_SLAVE_TIMEOUT.
 *
 * <p>The waits live in the shared {@link ReplicationWaiters}, and stay there on deactivation.
 * Thread-safe. Enabled by {@link ReplicationSelection}.
 */
@Component(enabled = false, service = ReplicationStrategy.class, configurationPid = ReplicationConfig.BROKER_PID,
        property = "service.ranking:Integer=0")
public final class QuorumReplication implements ReplicationStrategy, AutoCloseable {
    private final ReplicaProgress progress;
    private final ReplicationWaiters waiters;
    private volatile AckQuorum rule;
    private final Tenure tenure;

    @Activate
    public QuorumReplication(@Reference(name = "progress") ReplicaProgress progress, @Reference(name = "waiters") ReplicationWaiters waiters,
                             ReplicationConfig config) {
        this(progress, waiters, config.inSyncReplicas(), config.minInSyncReplicas(), ReplicationLimits.of(config));
    }

    /**
     * For use without OSGi; decides over {@code waiters} until {@link #close()}.
     *
     * @param inSyncReplicas    replicas that must hold a send, the master included
     * @param minInSyncReplicas fewest in-sync replicas, the master included, worth waiting with
     */
    public QuorumReplication(ReplicaProgress progress, ReplicationWaiters waiters, int inSyncReplicas,
                             int minInSyncReplicas, ReplicationLimits limits) {
        this.progress = progress;
        this.waiters = waiters;
        this.rule = ruleFor(inSyncReplicas, minInSyncReplicas, limits);
        this.tenure = Tenure.begin(progress, waiters, this);
    }

    /** Slave counts from replica counts: the master is one of the replicas. */
    static AckQuorum ruleFor(int inSyncReplicas, int minInSyncReplicas, ReplicationLimits limits) {
        int acks = Math.max(1, inSyncReplicas - 1);
        int inSync = Math.max(1, Math.min(minInSyncReplicas, inSyncReplicas) - 1);
        return new AckQuorum(acks, inSync, limits);
    }

    /** New counts apply at once, to the waits already pending too; a new timeout to sends from now on. */
    @Modified
    void modified(ReplicationConfig config) {
        rule = ruleFor(config.inSyncReplicas(), config.minInSyncReplicas(), ReplicationLimits.of(config));
        waiters.requestEvaluation();
    }

    @Override
    public CompletionStage<SendStatus> awaitReplicated(long endOffset) {
        return rule.await(endOffset, progress, waiters);
    }

    /** The highest offset that inSyncReplicas − 1 slaves all acked. */
    @Override
    public long replicatedOffset() {
        return rule.replicatedOffset(progress);
    }

    @Deactivate
    @Override
    public void close() {
        tenure.close();
    }
}
