package io.ballast.ha.strategy;

import io.ballast.spi.replication.ReplicationStrategy;
import io.ballast.testkit.ReplicationStrategyContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the testkit's replication contract over fake slaves and the real shared table of waits
 * (which is what hands waits over between strategies on a swap). Slaves 1..{@code slaves} are
 * connected and in sync at offset 0; a report is made by each of them.
 */
abstract class ReplicationContractFixture extends ReplicationStrategyContract {
    static final ReplicationLimits LIMITS = new ReplicationLimits(Duration.ofSeconds(30), ReplicationLimits.DEFAULT_MAX_GAP);

    final FakeReplicaProgress progress = new FakeReplicaProgress();
    final ReplicationWaiters waiters = new ReplicationWaiters();
    private final int slaves;

    ReplicationContractFixture(int slaves) {
        this.slaves = slaves;
        replicasHold(0);
    }

    @AfterEach
    void closeWaiters() {
        waiters.close();
    }

    @Override
    protected final void replicasHold(long offset) {
        for (long slave = 1; slave <= slaves; slave++) {
            progress.ack(slave, offset);
        }
    }

    @Override
    protected final void deactivate(ReplicationStrategy strategy) {
        try {
            ((AutoCloseable) strategy).close();
        } catch (Exception e) {
            throw new IllegalStateException("closing " + strategy, e);
        }
    }
}
