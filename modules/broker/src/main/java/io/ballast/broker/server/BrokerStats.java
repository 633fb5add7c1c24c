package io.ballast.broker.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals the processors count and the admin commands report (GET_BROKER_RUNTIME_INFO,
 * topic and consume stats): messages and bytes put per topic, messages got per group and topic.
 * Cheap to update from many threads.
 */
public final class BrokerStats {
    private final long startedAt = System.currentTimeMillis();
    private final LongAdder messagesPut = new LongAdder();
    private final LongAdder bytesPut = new LongAdder();
    private final LongAdder messagesGot = new LongAdder();
    private final LongAdder sendFailures = new LongAdder();
    private final Map<String, LongAdder> putByTopic = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> gotByGroupTopic = new ConcurrentHashMap<>();

    public void put(String topic, int messages, long bytes) {
        messagesPut.add(messages);
        bytesPut.add(bytes);
        putByTopic.computeIfAbsent(topic, t -> new LongAdder()).add(messages);
    }

    public void sendFailed() {
        sendFailures.increment();
    }

    public void got(String group, String topic, int messages) {
        messagesGot.add(messages);
        gotByGroupTopic.computeIfAbsent(topic + "@" + group, t -> new LongAdder()).add(messages);
    }

    public long startedAt() { return startedAt; }
    public long messagesPut() { return messagesPut.sum(); }
    public long bytesPut() { return bytesPut.sum(); }
    public long messagesGot() { return messagesGot.sum(); }
    public long sendFailures() { return sendFailures.sum(); }

    public long messagesPut(String topic) {
        LongAdder a = putByTopic.get(topic);
        return a == null ? 0 : a.sum();
    }

    /** Messages got so far by {@code topic@group}, for rates sampled elsewhere. */
    public Map<String, Long> messagesGotByTopicAndGroup() {
        Map<String, Long> totals = new java.util.HashMap<>();
        gotByGroupTopic.forEach((key, adder) -> totals.put(key, adder.sum()));
        return totals;
    }

    public long messagesGot(String group, String topic) {
        LongAdder a = gotByGroupTopic.get(topic + "@" + group);
        return a == null ? 0 : a.sum();
    }
}
