package io.ballast.spi.dedup;

/**
 * A stored message about to be handed to a consumer group in a pull response.
 *
 * @param consumerGroup   the pulling group
 * @param topic           the topic pulled
 * @param queueId         the queue pulled
 * @param queueOffset     the message's queue offset
 * @param uniqueKey       its UNIQ_KEY, or null if it has none
 * @param committedOffset the group's committed offset on this queue (-1 if none)
 */
public record DeliveryCandidate(String consumerGroup, String topic, int queueId, long queueOffset,
                                String uniqueKey, long committedOffset) {
}
