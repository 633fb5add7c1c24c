package io.ballast.spi.dedup;

import java.util.function.IntToLongFunction;

/**
 * A stored message about to be handed to a consumer group in a pull response.
 *
 * @param consumerGroup    the pulling group
 * @param topic            the topic pulled
 * @param queueId          the queue pulled
 * @param queueOffset      the message's queue offset
 * @param uniqueKey        its UNIQ_KEY, or null if it has none
 * @param committedOffset  the group's committed offset on this queue (-1 if none)
 * @param committedOffsets the group's committed offset on any queue of this topic, by queue id
 *                         (-1 if none): an earlier copy of the message may sit on another queue.
 *                         Since 1.1.
 */
public record DeliveryCandidate(String consumerGroup, String topic, int queueId, long queueOffset,
                                String uniqueKey, long committedOffset, IntToLongFunction committedOffsets) {

    /** A candidate whose group's offsets on the topic's other queues are unknown (-1). */
    public DeliveryCandidate(String consumerGroup, String topic, int queueId, long queueOffset,
                             String uniqueKey, long committedOffset) {
        this(consumerGroup, topic, queueId, queueOffset, uniqueKey, committedOffset,
                q -> q == queueId ? committedOffset : -1);
    }
}
