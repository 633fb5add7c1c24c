package io.ballast.store;

import io.ballast.store.commitlog.CommitLog;
import io.ballast.store.index.KeyIndex;
import io.ballast.store.queue.ConsumeQueue;
import io.ballast.store.queue.ConsumeQueues;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what is older than {@code fileReservedTime}: whole commitlog segments whose newest
 * message was stored before the cut-off (never the segment being written, never data not yet
 * dispatched), then the consume-queue and index files that only point into deleted segments.
 * Consumers behind the new minimum get OFFSET_TOO_SMALL and move on.
 *
 * <p>RocketMQ waits for the {@code deleteWhen} hour (04) before deleting expired files;
 * Ballast deletes them at the next pass. Passes are serialised.
 */
final class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final CommitLog log;
    private final ConsumeQueues queues;
    private final KeyIndex index;
    private final LongSupplier dispatchedOffset;
    private final Duration reservedTime;
    private final Clock clock;

    Retention(CommitLog log, ConsumeQueues queues, KeyIndex index, LongSupplier dispatchedOffset, Duration reservedTime, Clock clock) {
        this.log = log;
        this.queues = queues;
        this.index = index;
        this.dispatchedOffset = dispatchedOffset;
        this.reservedTime = reservedTime;
        this.clock = clock;
    }

    /** One pass; returns the number of commitlog segments deleted. */
    synchronized int run() {
        int deleted = 0;
        try {
            long cutoff = clock.millis() - reservedTime.toMillis();
            while (true) {
                long newestInOldest = log.oldestSegmentLastModified();
                if (newestInOldest < 0 || newestInOldest >= cutoff || !log.deleteOldestSegmentBelow(dispatchedOffset.getAsLong())) {
                    break;
                }
                deleted++;
            }
            if (deleted > 0) {
                long min = log.minOffset();
                for (ConsumeQueue queue : queues.all()) {
                    queue.deleteBelow(min);
                }
                index.deleteFilesBefore(min);
                LOG.info("Retention deleted {} commitlog segment(s) older than {}; the commitlog now starts at {}",
                        deleted, reservedTime, min);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Retention pass failed: {}", e.toString());
        }
        return deleted;
    }
}
