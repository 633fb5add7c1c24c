package io.ballast.spi.flush;

import io.ballast.spi.message.SendStatus;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides when the bytes a send wrote count as durable, by forcing the store's
 * {@link io.ballast.spi.store.Journal}. The broker asks after every append and answers the
 * client when the returned stage completes.
 *
 * <p><b>Binding.</b> Register it as a DS component with {@code service = FlushPolicy.class} and a
 * {@code service.ranking}; the broker uses the registered policy with the highest ranking (the
 * built-in async and group-commit policies have 0) and switches at once, without a restart, when
 * a better-ranked one appears or the current one goes: the new one is bound <em>before</em> the
 * old one is let go, so sends never find no policy (when a bundle is updated in place, and so
 * briefly none is registered, sends wait up to {@code serviceSwapWaitMillis} for the next one). A policy gets the journal it forces by a
 * DS reference to the {@link io.ballast.spi.store.Journal} service the store registers.
 *
 * <p><b>Threads.</b> {@link #awaitDurable} is called on the broker's send threads, many at once,
 * right after each append (and also for a send whose producer asked not to wait, as a wake-up:
 * then the stage's outcome is ignored). It must return at once; the stage it returns may complete
 * on any thread, usually the policy's own, and the broker's dependent stages (combining with the
 * replication wait, writing the response) then run on that thread: they do not block, and the
 * policy must not hold a lock while it completes stages. Implementations are thread-safe.
 *
 * <p><b>What the client sees</b> from the stage (combined with the replication wait by
 * {@link SendStatus#and}): SEND_OK; FLUSH_DISK_TIMEOUT, which the official clients report as a
 * stored message and do not retry by default; an exceptional completion, answered SYSTEM_ERROR
 * so that the client retries (a possible duplicate, never a silent loss).
 *
 * <p>Contract every implementation keeps (the testkit's {@code FlushPolicyContract} checks it):
 * <ul>
 *   <li>a stage completes with SEND_OK only once the policy's promise for that offset holds
 *       (for a waiting policy: a force covering it has returned);</li>
 *   <li>a stage is never completed on the caller's thread by blocking it, and no thread is
 *       parked per waiting send;</li>
 *   <li>every stage completes: SEND_OK, FLUSH_DISK_TIMEOUT by the policy's own deadline, or
 *       exceptionally;</li>
 *   <li>a stage completes exceptionally with an {@link java.io.IOException} if the force
 *       covering it failed; it never completes with SEND_OK after a failed force;</li>
 *   <li>when the policy is deactivated (swapped out, its bundle stopped) it forces once more and
 *       completes every stage it still holds before its {@code @Deactivate} method returns: the
 *       arriving policy never sees the leaving one's waiters, so none may be left behind. A send
 *       that reaches the leaving policy after that (a race with the swap) must still be answered,
 *       for example by forcing on the caller's thread.</li>
 * </ul>
 */
@ConsumerType
public interface FlushPolicy {

    /**
     * Completes when the bytes below {@code endOffset} are durable as this policy promises:
     * SEND_OK, or FLUSH_DISK_TIMEOUT if that took longer than the policy's timeout; exceptionally
     * with the force's IOException if the journal failed. {@code endOffset} was written before the
     * call ({@link io.ballast.spi.store.AppendResult#endOffset()}), so a force started after the
     * call covers it. Called on send threads; never blocks.
     */
    CompletionStage<SendStatus> awaitDurable(long endOffset);

    /**
     * The commitlog offset up to which this policy has acknowledged, or would acknowledge at once:
     * consumers may be shown messages below it, never above. A waiting policy answers the
     * journal's forced offset; one that answers from the page cache, the written offset. Read
     * from any thread; must be cheap.
     */
    long acknowledgedOffset();
}
