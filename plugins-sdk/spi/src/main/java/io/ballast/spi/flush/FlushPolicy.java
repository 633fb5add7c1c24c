package io.ballast.spi.flush;

import io.ballast.spi.message.SendStatus;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides when the bytes a send wrote count as durable, by forcing the store's
 * {@link io.ballast.spi.store.Journal}. The broker asks after every append and answers the
 * client when the returned stage completes.
 *
 * <p>Contract every implementation keeps (the testkit checks it):
 * <ul>
 *   <li>a stage completes with SEND_OK only once the policy's promise for that offset holds
 *       (for a waiting policy: a force covering it has returned);</li>
 *   <li>a stage is never completed on the caller's thread by blocking it, and no thread is
 *       parked per waiting send;</li>
 *   <li>a stage completes exceptionally with an {@link java.io.IOException} if the force
 *       covering it failed; it never completes with SEND_OK after a failed force;</li>
 *   <li>when the policy is deactivated (swapped out) it forces once more and completes every
 *       stage it still holds before it goes.</li>
 * </ul>
 */
@ConsumerType
public interface FlushPolicy {

    /**
     * Completes when the bytes below {@code endOffset} are durable as this policy promises:
     * SEND_OK, or FLUSH_DISK_TIMEOUT if that took longer than the policy's timeout.
     */
    CompletionStage<SendStatus> awaitDurable(long endOffset);

    /**
     * The commitlog offset up to which this policy has acknowledged, or would acknowledge at once:
     * consumers may be shown messages below it, never above.
     */
    long acknowledgedOffset();
}
