package io.ballast.broker.client;

import java.util.List;
import java.util.Set;

/**
 * The body of HEART_BEAT (wire format §2.5), as the Java clients write it. Fields the broker does
 * not use are still bound so a heartbeat can be logged and inspected whole.
 */
public record HeartbeatData(String clientID, List<ProducerData> producerDataSet, List<ConsumerData> consumerDataSet,
                            Integer heartbeatFingerprint, Boolean withoutSub) {
    public HeartbeatData {
        producerDataSet = producerDataSet == null ? List.of() : List.copyOf(producerDataSet);
        consumerDataSet = consumerDataSet == null ? List.of() : List.copyOf(consumerDataSet);
    }

    public record ProducerData(String groupName) {
    }

    /**
     * @param consumeType      {@code CONSUME_PASSIVELY} (push) or {@code CONSUME_ACTIVELY} (pull, lite pull)
     * @param messageModel     {@code CLUSTERING} or {@code BROADCASTING}
     * @param consumeFromWhere e.g. {@code CONSUME_FROM_LAST_OFFSET}
     */
    public record ConsumerData(String groupName, String consumeType, String messageModel, String consumeFromWhere,
                               List<SubscriptionData> subscriptionDataSet, Boolean unitMode) {
        public ConsumerData {
            subscriptionDataSet = subscriptionDataSet == null ? List.of() : List.copyOf(subscriptionDataSet);
        }
    }

    /**
     * One topic subscription: {@code subString} is the expression ("*", "a || b", or SQL92),
     * {@code codeSet} the hash codes of the tags in it, {@code subVersion} its version (a time).
     */
    public record SubscriptionData(String topic, String subString, Set<String> tagsSet, Set<Integer> codeSet,
                                   long subVersion, String expressionType, Boolean classFilterMode) {
        public SubscriptionData {
            tagsSet = tagsSet == null ? Set.of() : Set.copyOf(tagsSet);
            codeSet = codeSet == null ? Set.of() : Set.copyOf(codeSet);
        }
    }
}
