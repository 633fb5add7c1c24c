package io.ballast.broker.consume;

import io.ballast.spi.store.MessageStore;
import io.ballast.spi.store.ReadResult;
import io.ballast.spi.store.StoredRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads a pull's batch from the store: scans the queue from the requested offset, keeps the
 * entries the tag filter matches, and stops when the batch is full, the queue is exhausted or a
 * scan budget is spent (so a filter that matches nothing cannot keep a pull thread busy over a
 * long queue; the client is then told to retry from where the scan stopped). Entries the filter
 * or the dedup check rejects are skipped past, so the next offset always lies after every scanned entry. Stateless.
 */
final class PullReader {
    /** Entries scanned per pull at most, matched or not (upstream scans about as many). */
    static final int SCAN_BUDGET = 16_000;
    /** Entries asked of the store per read; their bytes are slices, not copies. */
    private static final int CHUNK = 256;

    private PullReader() {
    }

    /**
     * @param maxPhysicalOffset the commitlog's end, from which the hot window is measured
     */
    static PullRead read(MessageStore store, String topic, int queueId, long queueOffset, TagFilter filter,
                         BatchLimits limits, HotWindow hot, long maxPhysicalOffset, Predicate<StoredRecord> deliver) {
        ReadResult first = store.read(topic, queueId, queueOffset, chunk(limits, filter, 0), Integer.MAX_VALUE);
        if (first.status() != ReadResult.Status.FOUND) {
            return new PullRead(first.status(), List.of(), first.nextQueueOffset(), first.minQueueOffset(), first.maxQueueOffset());
        }
        List<StoredRecord> taken = new ArrayList<>();
        long bytes = 0;
        int scanned = 0;
        long next = queueOffset;
        ReadResult result = first;
        while (true) {
            for (StoredRecord record : result.records()) {
                if (filter.matches(record.tagCode()) && deliver.test(record)) {
                    int size = record.bytes().remaining();
                    if (!limits.admits(taken.size(), bytes, size, hot.isHot(maxPhysicalOffset, record.physicalOffset()))) {
                        return new PullRead(ReadResult.Status.FOUND, taken, next, first.minQueueOffset(), result.maxQueueOffset());
                    }
                    taken.add(record);
                    bytes += size;
                }
                scanned++;
                next = record.queueOffset() + 1;
            }
            boolean full = taken.size() >= limits.maxMessages();
            if (full || scanned >= SCAN_BUDGET || next >= result.maxQueueOffset()) {
                break;
            }
            result = store.read(topic, queueId, next, chunk(limits, filter, scanned), Integer.MAX_VALUE);
            if (result.status() != ReadResult.Status.FOUND) {
                break; // the rest is for the next pull; what was scanned stands
            }
        }
        return new PullRead(ReadResult.Status.FOUND, taken, next, first.minQueueOffset(), result.maxQueueOffset());
    }

    /** Without a filter every entry is taken, so asking for more than maxMsgNums would be waste. */
    private static int chunk(BatchLimits limits, TagFilter filter, int scanned) {
        int wanted = filter.matchesAll() ? limits.maxMessages() : CHUNK;
        return Math.max(1, Math.min(wanted, SCAN_BUDGET - scanned));
    }
}
