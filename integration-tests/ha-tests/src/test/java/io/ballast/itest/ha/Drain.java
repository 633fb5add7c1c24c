package io.ballast.itest.ha;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * Reads a topic from its first offset with a new group of the official lite pull consumer, through
 * the name server (so it goes wherever the route sends it), until every wanted key arrived or a
 * time limit passed; keeps how often each key came.
 */
final class Drain {
    private Drain() {
    }

    /** The {@code wanted} keys that did not arrive within {@code limit}. */
    static Set<String> missing(Clients clients, String topic, Set<String> wanted, Duration limit) throws Exception {
        Set<String> missing = new HashSet<>(wanted);
        missing.removeAll(keys(clients, topic, wanted, limit).keySet());
        return missing;
    }

    /** Key → times delivered, for every key that arrived (wanted or not). */
    static Map<String, Integer> keys(Clients clients, String topic, Set<String> wanted, Duration limit) throws Exception {
        DefaultLitePullConsumer consumer = clients.litePullConsumer(Clients.unique("drain"));
        consumer.subscribe(topic, "*");
        consumer.setPollTimeoutMillis(1000);
        consumer.start();
        Map<String, Integer> seen = new HashMap<>();
        Set<String> missing = new HashSet<>(wanted);
        long deadline = System.nanoTime() + limit.toNanos();
        while (!missing.isEmpty() && System.nanoTime() - deadline < 0) {
            for (MessageExt message : consumer.poll()) {
                seen.merge(message.getKeys(), 1, Integer::sum);
                missing.remove(message.getKeys());
            }
        }
        consumer.shutdown();
        return seen;
    }
}
