package io.ballast.broker.consume;

import io.ballast.spi.store.ReadResult;
import io.ballast.spi.store.StoredRecord;
import java.util.List;

/**
 * What one pull found in the store, after filtering and batch limits.
 *
 * @param status          the store's status for the first read; FOUND when entries were scanned,
 *                        even if none passed the filter
 * @param records         the records that passed the filter, in queue order
 * @param nextQueueOffset the store's next offset (after every scanned entry when FOUND)
 */
record PullRead(ReadResult.Status status, List<StoredRecord> records, long nextQueueOffset,
                long minQueueOffset, long maxQueueOffset) {

    PullRead {
        records = List.copyOf(records);
    }

    /** Entries were scanned but the filter let none through. */
    boolean allFilteredOut() {
        return status == ReadResult.Status.FOUND && records.isEmpty();
    }

    /** Nothing to read at the requested offset yet: a pull allowed to wait may be held. */
    boolean nothingYet(long requestedOffset) {
        return status == ReadResult.Status.NO_NEW_MESSAGE
                || (status == ReadResult.Status.NO_SUCH_QUEUE && requestedOffset == 0);
    }

    long bodyBytes() {
        long total = 0;
        for (StoredRecord r : records) {
            total += r.bytes().remaining();
        }
        return total;
    }
}
