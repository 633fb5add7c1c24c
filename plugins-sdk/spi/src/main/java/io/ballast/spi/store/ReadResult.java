package io.ballast.spi.store;

import java.util.List;

/**
 * The answer to a read by queue offset.
 *
 * @param status          what was found
 * @param records         the records, in queue order; empty unless {@code status} is FOUND
 * @param nextQueueOffset where the next read of this queue should start
 * @param minQueueOffset  the queue's lowest readable offset
 * @param maxQueueOffset  one past the queue's highest offset visible to consumers
 */
public record ReadResult(Status status, List<StoredRecord> records, long nextQueueOffset,
                         long minQueueOffset, long maxQueueOffset) {

    public ReadResult {
        records = List.copyOf(records);
    }

    /**
     * What a read found; the pull processor maps these to RocketMQ's response codes (its
     * GetMessageStatus names in brackets).
     */
    public enum Status {
        FOUND,
        /**
         * Nothing to read at the offset yet; a pull may wait (OFFSET_OVERFLOW_ONE). Either the offset
         * equals the max offset (caught up), or its queue entry is still being written (below the
         * max: a store may report a max ahead of an entry a failed write left out, until it is
         * rewritten); then {@code nextQueueOffset} is the offset itself.
         */
        NO_NEW_MESSAGE,
        /** No such topic or queue in the store (NO_MATCHED_LOGIC_QUEUE). */
        NO_SUCH_QUEUE,
        /** The offset is below the queue's min offset: retention removed it. */
        OFFSET_TOO_SMALL,
        /** The offset is past the max offset. */
        OFFSET_OVERFLOW_BADLY,
        /** The queue points at commitlog data no longer present. */
        OFFSET_FOUND_NULL
    }
}
