package io.ballast.namesrv;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The body of the topic-list answers (GET_ALL_TOPIC_LIST_FROM_NAMESERVER, GET_TOPICS_BY_CLUSTER,
 * GET_SYSTEM_TOPIC_LIST_FROM_NS), in upstream's {@code TopicList} JSON shape:
 * {@code {"brokerAddr":"ip:port","topicList":["A","B"]}}. {@code brokerAddr} is only set by the
 * system-topic answer (null, and so omitted, otherwise).
 */
record TopicList(Set<String> topicList, String brokerAddr) {
    TopicList {
        topicList = topicList == null ? Set.of() : Collections.unmodifiableSortedSet(new TreeSet<>(topicList));
    }

    static TopicList of(Set<String> topics) {
        return new TopicList(topics, null);
    }
}
