package io.ballast.itest.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.itest.fixture.Await;
import io.ballast.itest.fixture.MasterSlavePair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.client.impl.consumer.PullResultExt;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slave read with small thresholds: physicalMemoryBytes 1 MB, so a backlog over 400 kB (40 %)
 * sends a consumer to the slave and one under 300 kB (30 %) back to the master. Then, with the
 * master killed, consumption goes on from the slave, and offsets committed there survive the
 * master's return (RocketMQ #9879, #2513, #2705). The second test kills the master, so it runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlaveReadIT {
    private static final int BACKLOG_MESSAGES = 1_200;
    private static final int BACKLOG_BODY_BYTES = 2 * 1024;
    private static final int PULL_BATCH = 32;
    private static final long TO_SLAVE = 1;
    private static final long TO_MASTER = 0;
    private static final String GETS = "msgGetTotalTodayNow";

    @RegisterExtension
    static final MasterSlavePair pair = MasterSlavePair.builder("SYNC_MASTER")
            .both("slaveReadEnable", "true")
            .both("physicalMemoryBytes", "1000000")
            .both("accessMessageInMemoryMaxRatio", "40")
            .both("accessMessageInMemoryBackRatio", "30")
            .both("whichBrokerWhenConsumeSlowly", "1")
            .build();

    private final Clients clients = new Clients(pair.nameServerAddress());

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    @Order(1)
    void aBigBacklogIsReadFromTheSlaveAndACaughtUpConsumerReturnsToTheMaster() throws Exception {
        String topic = Clients.unique("SlaveRead");
        DefaultMQProducer producer = clients.producer();
        BrokerQueries queries = new BrokerQueries(producer);
        SyncReplicationKillMasterIT.awaitReplicatedSend(producer, topic);
        SendLedger ledger = new SendLedger();
        new KeyedLoad(producer, topic, "b", ledger, Duration.ofMinutes(2), BACKLOG_MESSAGES, BACKLOG_BODY_BYTES).start().awaitEnd();
        assertEquals(BACKLOG_MESSAGES, ledger.count(SendStatus.SEND_OK), ledger.summary());
        queries.awaitRouteListing(topic, Duration.ofSeconds(30), TO_MASTER, TO_SLAVE);
        awaitCaughtUp(queries);

        DefaultMQPullConsumer consumer = clients.pullConsumer(Clients.unique("slow"));
        MessageQueue queue = consumer.fetchSubscribeMessageQueues(topic).stream()
                .min(java.util.Comparator.comparingInt(MessageQueue::getQueueId)).orElseThrow();
        long slaveGetsBefore = gets(queries, pair.slave().address());

        // From offset 0 the backlog is the whole topic: the master points the consumer at the slave,
        // the client follows, and the slave keeps it until the backlog is under 30 %.
        List<Long> suggestions = new ArrayList<>();
        long offset = 0;
        for (int pull = 0; pull < 10_000; pull++) {
            PullResult result = consumer.pull(queue, "*", offset, PULL_BATCH, 10_000);
            suggestions.add(((PullResultExt) result).getSuggestWhichBrokerId());
            if (result.getPullStatus() != PullStatus.FOUND) {
                break;
            }
            offset = result.getNextBeginOffset();
        }
        System.out.println("[SlaveReadIT] suggestions per pull: " + suggestions);
        assertEquals(TO_SLAVE, suggestions.get(0), "the master's first answer to a consumer " + BACKLOG_MESSAGES
                + " messages behind suggests the slave");
        assertTrue(gets(queries, pair.slave().address()) > slaveGetsBefore, "the slave served pulls after the suggestion");
        assertEquals(TO_MASTER, suggestions.get(suggestions.size() - 1), "a caught-up consumer is sent back to the master");

        // Back on the master: new messages are read there.
        long masterGetsBefore = gets(queries, pair.master().address());
        for (int i = 0; i < 5; i++) {
            assertEquals(SendStatus.SEND_OK, producer.send(KeyedLoad.keyed(topic, "fresh-" + i)).getSendStatus());
        }
        long masterGetsAfter = Await.value(Duration.ofSeconds(30), () -> "a pull of new messages served by the master", () -> {
            consumer.pull(queue, "*", consumer.maxOffset(queue) - 1, PULL_BATCH, 10_000);
            long now = gets(queries, pair.master().address());
            return now > masterGetsBefore ? java.util.Optional.of(now) : java.util.Optional.empty();
        });
        assertTrue(masterGetsAfter > masterGetsBefore);
    }

    @Test
    @Order(2)
    void consumptionGoesOnFromTheSlaveWhileTheMasterIsDownAndOffsetsNeverRegress() throws Exception {
        String topic = Clients.unique("Failback");
        String group = Clients.unique("failback");
        DefaultMQProducer producer = clients.producer();
        BrokerQueries queries = new BrokerQueries(producer);
        SyncReplicationKillMasterIT.awaitReplicatedSend(producer, topic);
        Set<String> before = sendAll(producer, topic, "a", 50);

        DefaultLitePullConsumer first = clients.litePullConsumer(group);
        first.setAutoCommit(false);
        // Offsets go to the master of the client's cached route; only a route refresh (every 30 s
        // by default) tells it the master is gone and sends them to the slave instead.
        first.setPollNameServerInterval(1000);
        first.subscribe(topic, "*");
        first.start();
        receive(first, before, Duration.ofSeconds(60));
        first.commitSync();

        // Written and replicated, not yet read: the master dies.
        Set<String> whileDown = sendAll(producer, topic, "b", 50);
        awaitCaughtUp(queries);
        pair.master().kill9();
        queries.awaitRouteListing(topic, Duration.ofSeconds(60), TO_SLAVE);
        receive(first, whileDown, Duration.ofSeconds(120));
        first.commitSync();
        Collection<MessageQueue> queues = first.fetchMessageQueues(topic);
        // commitSync() moves the client's offsets; the client sends them to a broker on its own
        // schedule (every 5 s): with the master gone, to the slave.
        Map<MessageQueue, Long> onSlave = new HashMap<>();
        Await.until(Duration.ofSeconds(30), () -> "the slave holds the commits of everything read: " + onSlave, () -> {
            for (MessageQueue queue : queues) {
                onSlave.put(queue, queries.committedOffset(pair.slave().address(), group, queue).orElse(-1L));
            }
            return onSlave.values().stream().mapToLong(Long::longValue).sum() >= before.size() + whileDown.size();
        });
        first.shutdown();
        System.out.println("[SlaveReadIT] offsets committed on the slave while the master was down: " + onSlave);

        // The master returns: it takes the slave's newer offsets, and the slave keeps them.
        pair.master().start();
        queries.awaitRouteListing(topic, Duration.ofSeconds(60), TO_MASTER, TO_SLAVE);
        Await.until(Duration.ofSeconds(60), () -> "the master holds offsets ≥ those committed on the slave " + onSlave
                + "; it has " + offsets(queries, pair.master().address(), group, queues),
                () -> notBehind(offsets(queries, pair.master().address(), group, queues), onSlave));
        Thread.sleep(3_000); // a few metadata syncs (every 1 s) must not move the slave's offsets back
        Map<MessageQueue, Long> slaveAfter = offsets(queries, pair.slave().address(), group, queues);
        assertTrue(notBehind(slaveAfter, onSlave), "the slave's offsets went back: " + onSlave + " → " + slaveAfter);

        // The same group, restarted: only what is new arrives; nothing committed is read again.
        Set<String> after = sendAll(producer, topic, "c", 10);
        DefaultLitePullConsumer second = clients.litePullConsumer(group);
        second.subscribe(topic, "*");
        second.start();
        Map<String, Integer> delivered = receive(second, after, Duration.ofSeconds(60));
        Set<String> redelivered = new HashSet<>(delivered.keySet());
        redelivered.retainAll(union(before, whileDown));
        assertEquals(Set.of(), redelivered, "committed messages delivered again after failback");
    }

    private static Set<String> sendAll(DefaultMQProducer producer, String topic, String prefix, int count) throws Exception {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String key = prefix + "-" + i;
            assertEquals(SendStatus.SEND_OK, producer.send(KeyedLoad.keyed(topic, key)).getSendStatus(), "send of " + key);
            keys.add(key);
        }
        return keys;
    }

    /** Polls until every wanted key arrived (bounded); key → times delivered, for everything that arrived. */
    private static Map<String, Integer> receive(DefaultLitePullConsumer consumer, Set<String> wanted, Duration limit) {
        Map<String, Integer> seen = new HashMap<>();
        Set<String> missing = new HashSet<>(wanted);
        long deadline = System.nanoTime() + limit.toNanos();
        while (!missing.isEmpty() && System.nanoTime() - deadline < 0) {
            for (MessageExt message : consumer.poll(1000)) {
                seen.merge(message.getKeys(), 1, Integer::sum);
                missing.remove(message.getKeys());
            }
        }
        assertEquals(Set.of(), missing.size() > 10 ? Set.of(missing.size() + " keys") : missing,
                "not received within " + limit.toSeconds() + " s");
        return seen;
    }

    private static Map<MessageQueue, Long> offsets(BrokerQueries queries, String broker, String group, Collection<MessageQueue> queues) {
        Map<MessageQueue, Long> offsets = new HashMap<>();
        for (MessageQueue queue : queues) {
            offsets.put(queue, queries.committedOffset(broker, group, queue).orElse(-1L));
        }
        return offsets;
    }

    private static boolean notBehind(Map<MessageQueue, Long> actual, Map<MessageQueue, Long> floor) {
        return floor.entrySet().stream().allMatch(e -> actual.getOrDefault(e.getKey(), -1L) >= e.getValue());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static void awaitCaughtUp(BrokerQueries queries) throws InterruptedException {
        queries.awaitSameMaxOffset(pair.master().address(), pair.slave().address(), Duration.ofSeconds(60));
    }

    private static long gets(BrokerQueries queries, String broker) throws Exception {
        return Long.parseLong(queries.runtimeInfo(broker).getOrDefault(GETS, "0"));
    }
}
