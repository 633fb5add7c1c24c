package io.ballast.store.commitlog;

import java.util.HashMap;
import java.util.Map;

/**
 * The next consume-queue offset of every topic-queue: assigned at append time, under the append
 * lock, so a queue's offsets follow commitlog order without gaps. Not thread-safe: the commitlog
 * calls it only under its append lock (and recovery before any append).
 */
final class QueueOffsets {
    private final Map<QueueKey, long[]> next = new HashMap<>();

    record QueueKey(String topic, int queueId) {
    }

    /** Reserves {@code count} consecutive offsets and returns the first. */
    long reserve(String topic, int queueId, int count) {
        long[] cell = next.computeIfAbsent(new QueueKey(topic, queueId), k -> new long[1]);
        long first = cell[0];
        cell[0] += count;
        return first;
    }

    /** At recovery: the queue continues after {@code nextOffset} (never moves backwards). */
    void atLeast(String topic, int queueId, long nextOffset) {
        long[] cell = next.computeIfAbsent(new QueueKey(topic, queueId), k -> new long[1]);
        cell[0] = Math.max(cell[0], nextOffset);
    }
}
