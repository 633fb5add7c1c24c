package io.ballast.spi.dedup;

import io.ballast.spi.message.Message;
import io.ballast.spi.store.AppendResult;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Recognises duplicates on both sides of the store. With no filter bound, the broker stores and
 * delivers everything (at-least-once).
 *
 * <p>Contract: a filter never reports a message as a duplicate unless a message with the same
 * unique key was stored (send side) or consumed by the same group (pull side) within its window.
 * Implementations are thread-safe and fast: they sit on the send and pull paths.
 *
 * <p>Threads: {@link #findOriginal} and {@link #stored} are called on the broker's send threads,
 * many at once (a retry usually arrives on another connection, so on another thread, than the
 * copy it repeats); {@link #shouldDeliver} on its pull threads. The testkit's
 * {@code DedupFilterContract} checks all of this.
 */
@ConsumerType
public interface DedupFilter {

    /**
     * Before an append: the result of the earlier append of the same message, if there was one
     * within the window; the broker then answers with it instead of storing a second copy.
     */
    Optional<AppendResult> findOriginal(Message message);

    /** After an append succeeded, so later copies of this message can be recognised. */
    void stored(Message message, AppendResult result);

    /**
     * After {@link #findOriginal} answered empty but the append then failed (nothing stored). A
     * filter that holds a reservation for the key between the two calls, so that a concurrent send
     * of the same key waits for the first one's result instead of storing a second copy, releases
     * it here. Since 1.1.
     */
    default void appendFailed(Message message) {
    }

    /** On a pull: false to leave the message out of the response, because the group had it. */
    boolean shouldDeliver(DeliveryCandidate candidate);
}
