package io.ballast.spi.store;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when messages of a queue become visible to consumers, so a long-polled pull waiting on that
 * queue can be answered at once instead of at its timeout. Called on the store's dispatch thread,
 * once per message: implementations only look up and hand off, never block. A listener that
 * throws is not removed, but the store logs it; the broker registers one per store it binds and
 * removes it when the store is unbound.
 */
@ConsumerType
@FunctionalInterface
public interface ArrivalListener {
    /**
     * @param maxQueueOffset one past the newest visible offset of the queue
     */
    void arrived(String topic, int queueId, long maxQueueOffset);
}
