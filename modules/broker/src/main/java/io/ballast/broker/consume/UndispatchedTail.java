package io.ballast.broker.consume;

import io.ballast.spi.store.ReadResult;
import io.ballast.spi.store.Watermarks;
import java.util.List;

/**
 * On a master, a pull beyond the end of a queue is not always a bad offset. A consumer that was
 * served by a slave comes back with the slave's offsets, and the slave may have built its consume
 * queue from the replicated commitlog before this broker's own dispatcher reached the same records
 * (each builds its queues at its own pace). Upstream answers such a pull OFFSET_OVERFLOW_BADLY and
 * moves the consumer back to this queue's end, so it reads again what it already consumed.
 *
 * <p>While the commitlog holds bytes not yet dispatched that could carry the missing entries, such
 * a pull is treated as "nothing new yet" at its own offset (so it may be held like any pull at the
 * end of a queue); a gap wider than those bytes could fill is a bad offset and is moved as before.
 * A record takes at least {@value #RECORD_BYTES_AT_LEAST} bytes (91 fixed, wire format §3, and a
 * topic of at least one byte), which bounds how many entries the undispatched bytes can hold.
 */
final class UndispatchedTail {
    static final long RECORD_BYTES_AT_LEAST = 92;

    private UndispatchedTail() {
    }

    /** Whether entries up to {@code requestedOffset} may still be dispatched into a queue that ends at {@code maxQueueOffset}. */
    static boolean mayHold(long requestedOffset, long maxQueueOffset, Watermarks marks) {
        long undispatchedBytes = Math.max(0, marks.written() - marks.visible());
        long entriesAtMost = undispatchedBytes / RECORD_BYTES_AT_LEAST;
        return requestedOffset > maxQueueOffset && requestedOffset - maxQueueOffset <= entriesAtMost;
    }

    /** {@code read}, or "nothing new yet" at the requested offset when its overflow may be dispatch lag. */
    static PullRead awaitIfLagging(PullRead read, long requestedOffset, Watermarks marks) {
        if (read.status() != ReadResult.Status.OFFSET_OVERFLOW_BADLY || !mayHold(requestedOffset, read.maxQueueOffset(), marks)) {
            return read;
        }
        return new PullRead(ReadResult.Status.NO_NEW_MESSAGE, List.of(), requestedOffset, read.minQueueOffset(), read.maxQueueOffset());
    }
}
