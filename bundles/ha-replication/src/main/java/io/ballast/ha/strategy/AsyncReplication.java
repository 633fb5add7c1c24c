package io.ballast.ha.strategy;

import io.ballast.ha.ReplicaProgress;
import io.ballast.spi.message.SendStatus;
import io.ballast.spi.replication.ReplicationStrategy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * ASYNC_MASTER: a send is answered without waiting for a slave; what a lost master can lose is
 * bounded by the replication lag, {@link #lagBytes}.
 *
 * <p>Sends that were already waiting when the broker switched here from a waiting strategy keep
 * the promise they were made under: this strategy takes the shared {@link ReplicationWaiters} and
 * settles them SEND_OK once any slave covers them, or FLUSH_SLAVE_TIMEOUT at their deadline, but
 * never SEND_OK without a slave's report. New sends never enter the table.
 * Thread-safe. Enabled by {@link ReplicationSelection}.
 */
@Component(enabled = false, service = ReplicationStrategy.class, configurationPid = ReplicationConfig.BROKER_PID,
        property = "service.ranking:Integer=0")
public final class AsyncReplication implements ReplicationStrategy, AutoCloseable {
    private final ReplicaProgress progress;
    private final Tenure tenure;

    @Activate
    public AsyncReplication(@Reference(name = "progress") ReplicaProgress progress, @Reference(name = "waiters") ReplicationWaiters waiters) {
        this.progress = progress;
        this.tenure = Tenure.begin(progress, waiters, this);
    }

    /**
     * Nothing to apply: this strategy reads no key. Declared so that an edit of the broker's
     * configuration (the SYNC_MASTER edit that replaces this strategy among them) keeps it
     * running; without it DS re-created it on every edit, and for that moment the broker had no
     * strategy bound and answered a SYNC_MASTER's sends SLAVE_NOT_AVAILABLE.
     */
    @Modified
    void modified() {
    }

    @Override
    public CompletionStage<SendStatus> awaitReplicated(long endOffset) {
        return CompletableFuture.completedFuture(SendStatus.SEND_OK);
    }

    /** The highest offset any slave acked; 0 with no slave connected. */
    @Override
    public long replicatedOffset() {
        return SlaveAcks.heldByAtLeast(progress.replicas(), 1);
    }

    /**
     * Bytes the master holds that no connected slave reported: what a master lost for good now
     * would take with it. {@code masterMaxOffset} is the master's commitlog max offset
     * ({@code ReplicatedLog.maxOffset()}), passed in so this strategy needs no store.
     */
    public long lagBytes(long masterMaxOffset) {
        return Math.max(0, masterMaxOffset - replicatedOffset());
    }

    @Deactivate
    @Override
    public void close() {
        tenure.close();
    }
}
