package io.ballast.broker.client;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Which client of a consumer group owns each queue, for orderly consumers (LOCK_BATCH_MQ /
 * UNLOCK_BATCH_MQ, wire format §2.5). A lock is per (group, topic, queue), held by one client id,
 * granted when the queue is free, its lock expired, or the asker already holds it (a renewal), and
 * it expires {@code maxLiveMillis} after the last renewal: clients renew every 20 s and treat
 * their own lock as stale after 30 s, so 60 s gives a live owner two missed renewals of margin.
 * Locks outlive connections on purpose, as upstream's do: a client that reconnects keeps its queues.
 * Thread-safe.
 */
public final class QueueLocks {

    /** A queue as the lock bodies name it. */
    public record MessageQueue(String topic, String brokerName, int queueId) {
    }

    private record Key(String group, String topic, int queueId) {
    }

    private record Lock(String clientId, long renewedAt) {
    }

    private final Clock clock;
    private final LongSupplier maxLiveMillis;
    private final ConcurrentHashMap<Key, Lock> locks = new ConcurrentHashMap<>();

    /** @param maxLiveMillis read per call, so a settings change applies to the next renewal */
    public QueueLocks(Clock clock, LongSupplier maxLiveMillis) {
        this.clock = clock;
        this.maxLiveMillis = maxLiveMillis;
    }

    /** Locks (or renews) what can be locked; @return the queues {@code clientId} now holds, in request order */
    public Set<MessageQueue> lock(String group, String clientId, Set<MessageQueue> queues) {
        long now = clock.millis();
        long live = maxLiveMillis.getAsLong();
        Set<MessageQueue> held = new LinkedHashSet<>();
        for (MessageQueue mq : queues) {
            Lock result = locks.compute(new Key(group, mq.topic(), mq.queueId()), (k, old) ->
                    old == null || old.clientId().equals(clientId) || now - old.renewedAt() > live
                            ? new Lock(clientId, now) : old);
            if (result.clientId().equals(clientId)) {
                held.add(mq);
            }
        }
        return held;
    }

    /** Releases the queues {@code clientId} holds; locks of other clients stay. */
    public void unlock(String group, String clientId, Set<MessageQueue> queues) {
        for (MessageQueue mq : queues) {
            locks.computeIfPresent(new Key(group, mq.topic(), mq.queueId()),
                    (k, old) -> old.clientId().equals(clientId) ? null : old);
        }
    }

    /** Whether a live lock of {@code group} is held on the queue (the retry rule of orderly groups, later). */
    public boolean isLocked(String group, String topic, int queueId) {
        Lock lock = locks.get(new Key(group, topic, queueId));
        return lock != null && clock.millis() - lock.renewedAt() <= maxLiveMillis.getAsLong();
    }

    /** Forgets expired locks, so the table does not grow with queues nobody consumes any more. */
    public void expire() {
        long now = clock.millis();
        long live = maxLiveMillis.getAsLong();
        locks.values().removeIf(l -> now - l.renewedAt() > live);
    }
}
