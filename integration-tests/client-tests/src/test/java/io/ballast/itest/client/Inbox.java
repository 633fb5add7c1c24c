package io.ballast.itest.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ballast.itest.fixture.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * Every delivery a consumer saw, by the message's keys, so a test can say exactly which messages
 * arrived and how often: "all of these, each once, nothing else".
 */
public final class Inbox {
    private final Map<String, List<MessageExt>> byKeys = new ConcurrentHashMap<>();

    public void add(MessageExt message) {
        byKeys.computeIfAbsent(String.valueOf(message.getKeys()), k -> new CopyOnWriteArrayList<>()).add(message);
    }

    /** A push listener that files every message here and acknowledges it. */
    public MessageListenerConcurrently acknowledging() {
        return (messages, context) -> {
            messages.forEach(this::add);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        };
    }

    /** Polls {@code consumer} into this inbox until every key has arrived. */
    public void pollUntilAll(DefaultLitePullConsumer consumer, Collection<String> keys, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!missing(keys).isEmpty() && System.nanoTime() - deadline < 0) {
            consumer.poll(500).forEach(this::add);
        }
        assertEquals(Set.of(), missing(keys), "keys never polled within " + timeout.toSeconds() + " s; got " + counts());
    }

    public void awaitAll(Collection<String> keys, Duration timeout) throws InterruptedException {
        Await.until(timeout, () -> "keys never delivered: " + missing(keys) + "; got " + counts(), () -> missing(keys).isEmpty());
    }

    /** Exactly {@code keys} were delivered, each exactly once. */
    public void assertEachExactlyOnce(Collection<String> keys) {
        Map<String, Integer> expected = new TreeMap<>();
        keys.forEach(k -> expected.put(k, 1));
        assertEquals(expected, counts(), "deliveries per key");
    }

    public Set<String> missing(Collection<String> keys) {
        Set<String> missing = new TreeSet<>(keys);
        missing.removeAll(byKeys.keySet());
        return missing;
    }

    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new TreeMap<>();
        byKeys.forEach((k, v) -> counts.put(k, v.size()));
        return counts;
    }

    public List<MessageExt> deliveries(String keys) {
        return new ArrayList<>(byKeys.getOrDefault(keys, List.of()));
    }

    public MessageExt only(String keys) {
        List<MessageExt> deliveries = deliveries(keys);
        assertEquals(1, deliveries.size(), "deliveries of " + keys);
        return deliveries.get(0);
    }

    public List<MessageExt> all() {
        List<MessageExt> all = new ArrayList<>();
        byKeys.values().forEach(all::addAll);
        return all;
    }
}
