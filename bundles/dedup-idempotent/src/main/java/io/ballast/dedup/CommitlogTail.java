package io.ballast.dedup;

import io.ballast.spi.store.MessageStore;
import io.ballast.spi.store.RecordFields;
import io.ballast.spi.store.ReplicatedLog;
import io.ballast.spi.store.StoredRecord;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the commitlog record by record, from the first segment that may hold a message of the
 * window up to the visible watermark, and hands every record to the window. This is how the
 * window is rebuilt after a restart, and how a slave (which never runs the send path) and copies
 * stored by other paths (delayed delivery, batches) are known. Walking is by physical offset:
 * {@link MessageStore#recordAt} gives a record and its TOTALSIZE the next offset; a segment ends
 * with a BLANK marker (magic 0xCBD43194), after which the next segment starts.
 *
 * <p>Not thread-safe: one thread walks; arrivals only wake it.
 */
final class CommitlogTail {
    private static final Logger LOG = LoggerFactory.getLogger(CommitlogTail.class);
    static final int BLANK_MAGIC = 0xCBD43194;

    private final MessageStore store;
    private final ReplicatedLog log;
    private final Consumer<RecordFields> sink;
    private long next = -1;

    CommitlogTail(MessageStore store, ReplicatedLog log, Consumer<RecordFields> sink) {
        this.store = store;
        this.log = log;
        this.sink = sink;
    }

    /** Where the walk is: the commitlog offset of the next record to read. */
    long position() {
        return next;
    }

    /**
     * The start of the newest segment whose first record was stored before {@code cutoffMillis}:
     * every record of the window lies at or after it. Segments are scanned newest first, and
     * there are few (1 GiB each by default).
     */
    long startFor(long cutoffMillis) {
        int segment = log.segmentSize();
        long min = log.minOffset();
        long visible = store.watermarks().visible();
        for (long start = Math.max(min, ((visible - 1) / segment) * segment); start > min; start -= segment) {
            Optional<RecordFields> first = store.recordAt(start).flatMap(r -> RecordFields.of(r.bytes()));
            if (first.isPresent() && first.get().storeTimestamp() < cutoffMillis) {
                return start;
            }
        }
        return min;
    }

    void startAt(long offset) {
        next = offset;
    }

    /**
     * Reads every visible record from where the walk is, at most {@code maxRecords}; returns how
     * many it read. Stops early at a record not dispatched yet (it is read on a later call).
     */
    int catchUp(int maxRecords) {
        int read = 0;
        long visible = store.watermarks().visible();
        while (next < visible && read < maxRecords) {
            if (next < log.minOffset()) {
                next = log.minOffset(); // retention removed what was not read yet
                continue;
            }
            Optional<StoredRecord> record = store.recordAt(next);
            if (record.isPresent()) {
                Optional<RecordFields> fields = RecordFields.of(record.get().bytes());
                if (fields.isEmpty()) {
                    LOG.warn("dedup: commitlog bytes at {} are no record; skipping to the next segment", next);
                    next = nextSegment(next);
                    continue;
                }
                sink.accept(fields.get());
                next += fields.get().totalSize();
                read++;
            } else if (atBlank(next)) {
                next = nextSegment(next);
            } else {
                break; // visible but not dispatched yet
            }
        }
        return read;
    }

    private boolean atBlank(long offset) {
        if (offset + 8 > log.maxOffset()) {
            return false;
        }
        ByteBuffer head = log.read(offset, 8).order(ByteOrder.BIG_ENDIAN);
        return head.remaining() >= 8 && head.getInt(head.position() + 4) == BLANK_MAGIC;
    }

    private long nextSegment(long offset) {
        long segment = log.segmentSize();
        return (offset / segment + 1) * segment;
    }
}
