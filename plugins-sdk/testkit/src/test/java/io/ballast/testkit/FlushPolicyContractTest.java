package io.ballast.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.spi.flush.FlushPolicy;
import io.ballast.spi.message.SendStatus;
import io.ballast.spi.store.Journal;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The flush suite passes a correct policy and catches the two ways a policy loses a send. */
class FlushPolicyContractTest {

    /** Correct and minimal: every wait is a force on one background thread; closing drains them. */
    static final class OneThreadFlush implements FlushPolicy {
        private final Journal journal;
        private final ExecutorService forcer = Executors.newSingleThreadExecutor();

        OneThreadFlush(Journal journal) {
            this.journal = journal;
        }

        @Override
        public CompletionStage<SendStatus> awaitDurable(long endOffset) {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return journal.forcedOffset() >= endOffset || journal.force() >= endOffset
                            ? SendStatus.SEND_OK : SendStatus.FLUSH_DISK_TIMEOUT;
                } catch (IOException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }, forcer);
        }

        @Override
        public long acknowledgedOffset() {
            return journal.forcedOffset();
        }

        void close() throws InterruptedException {
            forcer.execute(() -> {
                try {
                    journal.force();
                } catch (IOException e) {
                    // the journal is read-only; waiters already failed with it
                }
            });
            forcer.shutdown();
            forcer.awaitTermination(20, TimeUnit.SECONDS);
        }
    }

    /** Acknowledges at once, as if the page cache were the disk. */
    static final class EagerFlush implements FlushPolicy {
        private final Journal journal;

        EagerFlush(Journal journal) {
            this.journal = journal;
        }

        @Override
        public CompletionStage<SendStatus> awaitDurable(long endOffset) {
            return CompletableFuture.completedFuture(SendStatus.SEND_OK);
        }

        @Override
        public long acknowledgedOffset() {
            return journal.writtenOffset();
        }
    }

    static final class CorrectPolicySuite extends FlushPolicyContract {
        @Override
        protected FlushPolicy newPolicy(FakeJournal journal) {
            return new OneThreadFlush(journal);
        }

        @Override
        protected void deactivate(FlushPolicy policy) {
            try {
                ((OneThreadFlush) policy).close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static final class EagerPolicySuite extends FlushPolicyContract {
        @Override
        protected FlushPolicy newPolicy(FakeJournal journal) {
            return new EagerFlush(journal);
        }

        @Override
        protected void deactivate(FlushPolicy policy) {
        }
    }

    /** Waits correctly, but its deactivation walks away from the sends it holds. */
    static final class DroppingPolicySuite extends FlushPolicyContract {
        @Override
        protected FlushPolicy newPolicy(FakeJournal journal) {
            return new OneThreadFlush(journal);
        }

        @Override
        protected void deactivate(FlushPolicy policy) {
            ((OneThreadFlush) policy).forcer.shutdownNow();
        }
    }

    @Test
    void aCorrectPolicyPassesEveryTest() {
        SuiteRun run = SuiteRun.of(CorrectPolicySuite.class);
        assertEquals(Set.of(), run.failed(), run.toString());
        assertEquals(5, run.passed().size(), run.toString());
    }

    @Test
    void aPolicyThatAcknowledgesBeforeTheForceFails() {
        SuiteRun run = SuiteRun.of(EagerPolicySuite.class);
        for (String test : List.of("neverAcknowledgesBeforeAForceCoveringTheSendReturned", "neverShowsConsumersMoreThanWasAcknowledged",
                "neverAcknowledgesAfterAFailedForce", "completesEveryWaiterOfConcurrentSends")) {
            assertTrue(run.failed().contains(test), test + " must catch it: " + run);
        }
    }

    @Test
    void aPolicyThatDropsItsWaitersOnDeactivationFails() {
        SuiteRun run = SuiteRun.of(DroppingPolicySuite.class);
        assertEquals(Set.of("deactivationForcesOnceMoreAndCompletesEveryWaiterItHolds"), run.failed(), run.toString());
    }
}
