package io.ballast.ha.strategy;

import io.ballast.ha.ReplicaProgress;
import io.ballast.spi.replication.ReplicationStrategy;

/**
 * The time one strategy decides over the shared {@link ReplicationWaiters}: from its activation,
 * when it takes the table and starts listening to slave reports, to its deactivation, when it
 * stops listening and leaves every pending wait to whichever strategy comes next.
 */
final class Tenure implements AutoCloseable {
    private final ReplicaProgress progress;
    private final ReplicationWaiters waiters;
    private final ReplicationStrategy strategy;
    private final Runnable onReport;

    private Tenure(ReplicaProgress progress, ReplicationWaiters waiters, ReplicationStrategy strategy) {
        this.progress = progress;
        this.waiters = waiters;
        this.strategy = strategy;
        this.onReport = waiters::requestEvaluation; // non-blocking, as the link's thread requires
    }

    static Tenure begin(ReplicaProgress progress, ReplicationWaiters waiters, ReplicationStrategy strategy) {
        Tenure tenure = new Tenure(progress, waiters, strategy);
        progress.onChange(tenure.onReport);
        waiters.take(strategy);
        return tenure;
    }

    /** Stops deciding; the waits stay in the table. */
    @Override
    public void close() {
        progress.removeListener(onReport);
        waiters.release(strategy);
    }
}
