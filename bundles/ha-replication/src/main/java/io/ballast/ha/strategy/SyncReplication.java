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
 * SYNC_MASTER with one slave (inSyncReplicas 1 or 2): a send is answered SEND_OK once one slave
 * reported an offset covering it, and never before. With no slave connected, or none within
 * {@code haMaxGapNotInSync} of the send, it is answered SLAVE_NOT_AVAILABLE at once (stored, not
 * replicated), as 4.9.x does; not covered within {@code slaveTimeout}, FLUSH_SLAVE_TIMEOUT.
 *
 * <p>The waits live in the shared {@link ReplicationWaiters}; deactivation (a swap, or the bundle
 * stopping) leaves them there for the next strategy. Thread-safe. Enabled by
 * {@link ReplicationSelection}.
 */
@Component(enabled = false, service = ReplicationStrategy.class, configurationPid = ReplicationConfig.BROKER_PID,
        property = "service.ranking:Integer=0")
public final class SyncReplication implements ReplicationStrategy, AutoCloseable {
    private final ReplicaProgress progress;
    private final ReplicationWaiters waiters;
    private volatile AckQuorum rule;
    private final Tenure tenure;

    @Activate
    public SyncReplication(@Reference(name = "progress") ReplicaProgress progress, @Reference(name = "waiters") ReplicationWaiters waiters,
                           ReplicationConfig config) {
        this(progress, waiters, ReplicationLimits.of(config));
    }

    /** For use without OSGi; decides over {@code waiters} until {@link #close()}. */
    public SyncReplication(ReplicaProgress progress, ReplicationWaiters waiters, ReplicationLimits limits) {
        this.progress = progress;
        this.waiters = waiters;
        this.rule = ruleFor(limits);
        this.tenure = Tenure.begin(progress, waiters, this);
    }

    private static AckQuorum ruleFor(ReplicationLimits limits) {
        return new AckQuorum(1, 1, limits);
    }

    /** A new timeout applies to sends from now on; a new gap at once. */
    @Modified
    void modified(ReplicationConfig config) {
        rule = ruleFor(ReplicationLimits.of(config));
        waiters.requestEvaluation();
    }

    @Override
    public CompletionStage<SendStatus> awaitReplicated(long endOffset) {
        return rule.await(endOffset, progress, waiters);
    }

    /** The highest offset any one slave acked. */
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
