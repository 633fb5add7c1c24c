package io.ballast.flush.sync;

import io.ballast.spi.message.SendStatus;
import java.util.concurrent.CompletableFuture;

/**
 * One send waiting for the force that covers it: "forced offset &ge; {@code endOffset} by
 * {@code deadlineNanos}". Completed at most once, by whoever owns it at that moment (the
 * group-commit thread, or the caller after deactivation); the future itself makes a second
 * completion a no-op. Identity equality on purpose: two sends may wait for the same offset.
 */
final class FlushRequest {
    private final long endOffset;
    private final long deadlineNanos;
    private final CompletableFuture<SendStatus> result = new CompletableFuture<>();

    FlushRequest(long endOffset, long deadlineNanos) {
        this.endOffset = endOffset;
        this.deadlineNanos = deadlineNanos;
    }

    long endOffset() {
        return endOffset;
    }

    CompletableFuture<SendStatus> result() {
        return result;
    }

    /** Whether a force that returned {@code forcedOffset} made this send durable. */
    boolean coveredBy(long forcedOffset) {
        return forcedOffset >= endOffset;
    }

    /** Overflow-safe, as System.nanoTime values may wrap. */
    boolean expiredAt(long nowNanos) {
        return nowNanos - deadlineNanos >= 0;
    }

    long nanosLeftAt(long nowNanos) {
        return deadlineNanos - nowNanos;
    }
}
