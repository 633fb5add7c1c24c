package io.ballast.remoting.protocol;

import java.util.Map;

/**
 * A topic as a broker serves it, in the JSON shape of upstream's {@code topics.json} and of the
 * REGISTER_BROKER body: queue counts, permission bits, and how tags are filtered.
 */
public record TopicConfig(String topicName, int readQueueNums, int writeQueueNums, int perm,
                          String topicFilterType, int topicSysFlag, boolean order, Map<String, String> attributes) {

    public static final String SINGLE_TAG = "SINGLE_TAG";

    public TopicConfig {
        topicFilterType = topicFilterType == null ? SINGLE_TAG : topicFilterType;
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public static TopicConfig of(String name, int queues, int perm) {
        return new TopicConfig(name, queues, queues, perm, SINGLE_TAG, 0, false, Map.of());
    }

    public TopicConfig withPerm(int newPerm) {
        return new TopicConfig(topicName, readQueueNums, writeQueueNums, newPerm, topicFilterType, topicSysFlag, order, attributes);
    }
}
