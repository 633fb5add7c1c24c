package io.ballast.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ballast.spi.flush.FlushPolicy;
import io.ballast.spi.message.SendStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite for a {@link FlushPolicy}. Extend it, build the policy over the given
 * {@link FakeJournal} in {@link #newPolicy}, and undo it in {@link #deactivate} as your component's
 * {@code @Deactivate} does:
 *
 * <pre>{@code
 * class MyFlushContractTest extends FlushPolicyContract {
 *     protected FlushPolicy newPolicy(FakeJournal journal) { return new MyFlush(journal, 10_000); }
 *     protected void deactivate(FlushPolicy policy) { ((MyFlush) policy).close(); }
 * }
 * }</pre>
 *
 * <p>What it checks, the promises the broker builds its answers on:
 * <ul>
 *   <li>a waiting policy never completes a stage SEND_OK before a force covering its offset has
 *       <em>returned</em> (the suite looks at the journal's forced offset at the moment of completion);</li>
 *   <li>every stage completes, also under concurrent sends;</li>
 *   <li>consumers are never shown more than was acknowledged ({@link FlushPolicy#acknowledgedOffset()});</li>
 *   <li>after a force failed, no send is acknowledged SEND_OK: stages fail with the IOException;</li>
 *   <li>deactivation forces once more and completes (or fails) every stage it holds instead of dropping it.</li>
 * </ul>
 * The journal's forces are the only I/O; timeouts the policy takes should be long (10 s or more)
 * so that the suite, not the clock, decides when forces happen.
 */
public abstract class FlushPolicyContract {
    private static final long PAGE = 4096;

    /** The journal the policy under test forces: appends, held and failing forces. */
    protected final FakeJournal journal = new FakeJournal();
    private FlushPolicy policy;
    private boolean deactivated;

    /** A new, active policy forcing {@code journal}, as DS would activate it. */
    protected abstract FlushPolicy newPolicy(FakeJournal journal);

    /** Deactivates {@code policy} as the broker's swap does (your {@code @Deactivate} method). */
    protected abstract void deactivate(FlushPolicy policy);

    /**
     * Whether SEND_OK waits for a covering force (SYNC_FLUSH, group commit). False for a policy
     * that answers from the page cache and forces in the background (ASYNC_FLUSH); the suite then
     * skips the checks on waiting and keeps the others.
     */
    protected boolean waitsForForce() {
        return true;
    }

    private FlushPolicy policy() {
        if (policy == null) {
            policy = newPolicy(journal);
        }
        return policy;
    }

    @AfterEach
    final void deactivateAfterTest() {
        journal.releaseForces();
        if (policy != null && !deactivated) {
            deactivate(policy);
        }
    }

    private void deactivateNow() {
        deactivated = true;
        deactivate(policy);
    }

    /** A send's wait, with the forced offset recorded at the instant its stage completed. */
    private final class Send {
        final long end;
        final CompletableFuture<SendStatus> stage;
        final AtomicReference<Long> forcedAtCompletion = new AtomicReference<>();

        Send(long bytes) {
            end = journal.append(bytes);
            stage = policy().awaitDurable(end).toCompletableFuture();
            stage.whenComplete((status, failure) -> forcedAtCompletion.set(journal.forcedOffset()));
        }

        /** The status, or null if the stage failed (a failed force: the client is answered with an error). */
        SendStatus status() {
            return Bounded.completed(stage, "the wait for offset " + end).handle((status, failure) -> status).join();
        }

        /** SEND_OK from a waiting policy must have been preceded by a returned force covering it. */
        void assertPromiseKept() {
            SendStatus status = status();
            if (status == SendStatus.SEND_OK && waitsForForce()) {
                Bounded.until(() -> forcedAtCompletion.get() != null, "the completion callback");
                assertTrue(forcedAtCompletion.get() >= end, "SEND_OK for offset " + end
                        + " while the journal's forced offset was only " + forcedAtCompletion.get());
            }
        }
    }

    @Test
    void neverAcknowledgesBeforeAForceCoveringTheSendReturned() {
        assumeTrue(waitsForForce(), "the policy answers from the page cache");
        policy();
        journal.holdForces();
        Send send = new Send(100);

        Bounded.quietPeriod();
        assertFalse(Bounded.acknowledged(send.stage),
                "SEND_OK while every force was held: nothing was on disk");

        journal.releaseForces();
        assertEquals(SendStatus.SEND_OK, send.status(), "a covering force returned in time");
        send.assertPromiseKept();
    }

    @Test
    void completesEveryWaiterOfConcurrentSends() throws Exception {
        policy();
        int threads = 4;
        int perThread = 100;
        ExecutorService senders = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Send>>> batches = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                batches.add(senders.submit(() -> {
                    List<Send> sends = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        sends.add(new Send(100 + i));
                    }
                    return sends;
                }));
            }
            for (Future<List<Send>> batch : batches) {
                for (Send send : batch.get(Bounded.LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                    assertEquals(SendStatus.SEND_OK, send.status(), "a healthy journal, long timeout");
                    send.assertPromiseKept();
                }
            }
        } finally {
            senders.shutdownNow();
        }
    }

    @Test
    void neverShowsConsumersMoreThanWasAcknowledged() {
        policy();
        journal.holdForces();
        Send send = new Send(3 * PAGE);
        Bounded.quietPeriod();
        long shown = policy.acknowledgedOffset();
        assertTrue(shown <= journal.writtenOffset(), "acknowledged " + shown + " beyond the written " + journal.writtenOffset());
        if (waitsForForce()) {
            assertTrue(shown <= journal.forcedOffset(), "acknowledged " + shown + " beyond the forced "
                    + journal.forcedOffset() + " while the force was held");
        }
        journal.releaseForces();
        send.assertPromiseKept();
        Bounded.until(() -> policy.acknowledgedOffset() >= send.end, "acknowledgedOffset reaching the acknowledged send");
    }

    @Test
    void neverAcknowledgesAfterAFailedForce() {
        policy();
        IOException diskGone = new IOException("disk gone (FlushPolicyContract)");
        journal.failForcesWith(diskGone);
        Send first = new Send(4 * PAGE);
        if (waitsForForce()) {
            CompletableFuture<SendStatus> stage = Bounded.completed(first.stage, "the wait over a failing force");
            assertTrue(stage.isCompletedExceptionally(), () -> "a send whose force failed must fail, got " + stage.getNow(null));
        }
        Bounded.until(() -> journal.forces() > 0, "a force of the dirty journal");

        CompletableFuture<SendStatus> later = Bounded.completed(new Send(100).stage, "a send after the failed force");
        assertTrue(later.isCompletedExceptionally(), () -> "acknowledged after a failed force: " + later.getNow(null));
        Throwable cause = later.handle((ok, failure) -> failure).join();
        assertInstanceOf(IOException.class, cause instanceof java.util.concurrent.CompletionException ? cause.getCause() : cause,
                "the failure a client is answered from is the force's IOException");
    }

    @Test
    void deactivationForcesOnceMoreAndCompletesEveryWaiterItHolds() throws Exception {
        policy();
        journal.holdForces();
        List<Send> held = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            held.add(new Send(PAGE));
        }
        long written = journal.writtenOffset();
        Thread swap = new Thread(this::deactivateNow, "flush-contract-deactivation");
        swap.start();
        Bounded.quietPeriod(); // deactivation is under way; let it meet the held force
        journal.releaseForces();
        swap.join(Bounded.LIMIT.toMillis());
        assertFalse(swap.isAlive(), "deactivation did not return within " + Bounded.LIMIT.toSeconds() + " s");

        for (Send send : held) {
            assertTrue(send.stage.isDone(), "deactivation returned with the wait for offset " + send.end + " still pending");
            send.assertPromiseKept();
        }
        assertTrue(journal.forcedOffset() >= written, "deactivation left " + (written - journal.forcedOffset())
                + " written bytes unforced");
    }
}
