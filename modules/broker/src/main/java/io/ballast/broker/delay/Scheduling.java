package io.ballast.broker.delay;

import io.ballast.broker.metadata.TopicNames;
import io.ballast.broker.send.StoredMessage;
import io.ballast.spi.message.Message;
import io.ballast.spi.message.MessageProperties;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How a delayed message is parked and brought back (wire format §3.4): it waits in
 * {@code SCHEDULE_TOPIC_XXXX}, queue level − 1, with its destination in REAL_TOPIC and REAL_QID
 * and its level in DELAY; when due, a copy goes to the destination without DELAY and with every
 * other property (UNIQ_KEY included, so the consumer sees the id the producer got).
 */
public final class Scheduling {

    private Scheduling() {
    }

    /** The schedule queue of a level. */
    public static int queueOf(int level) {
        return level - 1;
    }

    /**
     * The DELAY level a message asks for: 0 when it asks for none.
     *
     * @throws IllegalArgumentException when DELAY is not a number
     */
    public static int requestedLevel(Map<String, String> properties) {
        String delay = properties.get(MessageProperties.DELAY);
        if (delay == null || delay.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(delay.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the DELAY property '" + delay + "' is not a delay level");
        }
    }

    /** The message as it waits in the schedule topic until {@code level}'s delay has passed. */
    public static Message park(Message message, int level) {
        Map<String, String> properties = new HashMap<>(message.properties());
        properties.put(MessageProperties.REAL_TOPIC, message.topic());
        properties.put(MessageProperties.REAL_QUEUE_ID, Integer.toString(message.queueId()));
        properties.put(MessageProperties.DELAY, Integer.toString(level));
        return message.toBuilder().topic(TopicNames.SCHEDULE).queueId(queueOf(level)).properties(properties).build();
    }

    /**
     * The message to deliver for a parked one, or empty when the record does not say where it
     * goes (no REAL_TOPIC, or a REAL_QID that is not a queue id).
     */
    public static Optional<Message> release(StoredMessage parked) {
        String topic = parked.properties().get(MessageProperties.REAL_TOPIC);
        String queue = parked.properties().get(MessageProperties.REAL_QUEUE_ID);
        if (topic == null || topic.isEmpty() || queue == null) {
            return Optional.empty();
        }
        int queueId;
        try {
            queueId = Integer.parseInt(queue.trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (queueId < 0) {
            return Optional.empty();
        }
        Map<String, String> properties = new HashMap<>(parked.properties());
        properties.remove(MessageProperties.DELAY);
        return Optional.of(parked.copy().topic(topic).queueId(queueId).properties(properties).build());
    }
}
