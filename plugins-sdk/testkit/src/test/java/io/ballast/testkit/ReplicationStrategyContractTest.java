package io.ballast.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.spi.message.SendStatus;
import io.ballast.spi.replication.ReplicationStrategy;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The replication suite passes a correct strategy and catches one that answers early or drops its waits. */
class ReplicationStrategyContractTest {

    /** One replica's reported offset, and the waits on it; the waits are shared so a successor takes them over. */
    static final class Replica {
        final AtomicLong held = new AtomicLong();
        final Map<CompletableFuture<SendStatus>, Long> waits = new ConcurrentHashMap<>();

        void hold(long offset) {
            held.accumulateAndGet(offset, Math::max);
            waits.forEach((wait, end) -> {
                if (end <= held.get() && waits.remove(wait) != null) {
                    wait.complete(SendStatus.SEND_OK);
                }
            });
        }
    }

    /** Correct and minimal: waits until the replica holds the send; leaves its waits to whoever follows. */
    static class WaitingStrategy implements ReplicationStrategy {
        final Replica replica;

        WaitingStrategy(Replica replica) {
            this.replica = replica;
        }

        @Override
        public CompletionStage<SendStatus> awaitReplicated(long endOffset) {
            CompletableFuture<SendStatus> wait = new CompletableFuture<>();
            replica.waits.put(wait, endOffset);
            replica.hold(0); // settles it at once if already held
            return wait;
        }

        @Override
        public long replicatedOffset() {
            return replica.held.get();
        }
    }

    static final class CorrectSuite extends ReplicationStrategyContract {
        final Replica replica = new Replica();

        @Override
        protected ReplicationStrategy newStrategy() {
            return new WaitingStrategy(replica);
        }

        @Override
        protected void replicasHold(long offset) {
            replica.hold(offset);
        }

        @Override
        protected void deactivate(ReplicationStrategy strategy) {
        }
    }

    /** Claims to wait but answers SEND_OK at once. */
    static final class EagerSuite extends ReplicationStrategyContract {
        final Replica replica = new Replica();

        @Override
        protected ReplicationStrategy newStrategy() {
            return new WaitingStrategy(replica) {
                @Override
                public CompletionStage<SendStatus> awaitReplicated(long endOffset) {
                    return CompletableFuture.completedFuture(SendStatus.SEND_OK);
                }
            };
        }

        @Override
        protected void replicasHold(long offset) {
            replica.hold(offset);
        }

        @Override
        protected void deactivate(ReplicationStrategy strategy) {
        }
    }

    /** Waits correctly, but its deactivation forgets the waits instead of handing them over. */
    static final class DroppingSuite extends ReplicationStrategyContract {
        final Replica replica = new Replica();

        @Override
        protected ReplicationStrategy newStrategy() {
            return new WaitingStrategy(replica);
        }

        @Override
        protected void replicasHold(long offset) {
            replica.hold(offset);
        }

        @Override
        protected void deactivate(ReplicationStrategy strategy) {
            replica.waits.clear();
        }
    }

    @Test
    void aCorrectStrategyPassesEveryTest() {
        SuiteRun run = SuiteRun.of(CorrectSuite.class);
        assertEquals(Set.of(), run.failed(), run.toString());
        assertEquals(5, run.passed().size(), run.toString());
    }

    @Test
    void aStrategyThatAnswersBeforeTheReplicasFails() {
        SuiteRun run = SuiteRun.of(EagerSuite.class);
        assertTrue(run.failed().contains("neverAcknowledgesBeforeReplicasReportedTheSend"), run.toString());
    }

    @Test
    void aStrategyThatDropsItsWaitsOnDeactivationFails() {
        SuiteRun run = SuiteRun.of(DroppingSuite.class);
        assertEquals(Set.of("deactivationHandsOverOrCompletesEveryWaiter"), run.failed(), run.toString());
    }
}
