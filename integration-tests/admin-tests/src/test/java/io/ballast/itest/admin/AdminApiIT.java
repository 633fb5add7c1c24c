package io.ballast.itest.admin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.itest.client.Clients;
import io.ballast.itest.client.Inbox;
import io.ballast.itest.client.Names;
import io.ballast.itest.fixture.Await;
import io.ballast.itest.fixture.BrokerUnderTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.QueryResult;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.admin.ConsumeStats;
import org.apache.rocketmq.remoting.protocol.admin.OffsetWrapper;
import org.apache.rocketmq.remoting.protocol.admin.TopicOffset;
import org.apache.rocketmq.remoting.protocol.admin.TopicStatsTable;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.body.ProducerConnection;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DefaultMQAdminExt, the API behind mqadmin's updateTopic, topicList, topicStatus, clusterList,
 * consumerProgress, queryMsgByKey, queryMsgById, updateBrokerConfig and getBrokerConfig.
 */
class AdminApiIT {
    /** The broker registers a changed topic with the name server promptly, not only on its 30 s timer. */
    private static final Duration PROMPTLY = Duration.ofSeconds(20);
    /** Consumers send their offsets every 5 s; the key index is built behind the commitlog. */
    private static final Duration EVENTUALLY = Duration.ofSeconds(30);
    private static final int READ_WRITE = PermName.PERM_READ | PermName.PERM_WRITE;

    @RegisterExtension
    static final BrokerUnderTest broker = BrokerUnderTest.isolated();

    @RegisterExtension
    final Clients clients = Clients.perTest(broker);
    private DefaultMQAdminExt admin;

    @BeforeEach
    void start() throws Exception {
        admin = new DefaultMQAdminExt(5_000);
        admin.setNamesrvAddr(broker.nameServerAddress());
        admin.setInstanceName(Names.unique("admin"));
        admin.start();
    }

    @AfterEach
    void stop() {
        admin.shutdown();
    }

    @Test
    void createdTopicIsRoutedListedAndThenUpdated() throws Exception {
        String topic = Names.unique("created");
        admin.createAndUpdateTopicConfig(broker.brokerAddress(), new TopicConfig(topic, 4, 4, READ_WRITE));

        QueueData created = awaitQueueData(topic, q -> q.getWriteQueueNums() == 4);
        assertEquals(4, created.getReadQueueNums());
        assertEquals(READ_WRITE, created.getPerm());
        assertTrue(admin.fetchAllTopicList().getTopicList().contains(topic), "topicList lists " + topic);

        admin.createAndUpdateTopicConfig(broker.brokerAddress(), new TopicConfig(topic, 8, 8, READ_WRITE));
        QueueData updated = awaitQueueData(topic, q -> q.getWriteQueueNums() == 8);
        assertEquals(8, updated.getReadQueueNums());
    }

    @Test
    void topicStatusShowsEachQueuesMinAndMaxOffset() throws Exception {
        String topic = Names.unique("status");
        admin.createAndUpdateTopicConfig(broker.brokerAddress(), new TopicConfig(topic, 4, 4, READ_WRITE));
        String brokerName = awaitQueueData(topic, q -> q.getWriteQueueNums() == 4).getBrokerName();
        DefaultMQProducer producer = clients.producer();
        MessageQueue queue0 = new MessageQueue(topic, brokerName, 0);
        for (Message message : Clients.numbered(topic, "status", 3)) {
            producer.send(message, queue0);
        }

        Map<Integer, String> expected = Map.of(0, "0..3", 1, "0..0", 2, "0..0", 3, "0..0");
        Await.until(EVENTUALLY, () -> "topicStatus " + ranges(topic), () -> expected.equals(ranges(topic)));
    }

    @Test
    void clusterListShowsTheBrokerAsMasterOfItsCluster() throws Exception {
        ClusterInfo cluster = admin.examineBrokerClusterInfo();

        assertEquals(1, cluster.getBrokerAddrTable().size(), "brokers: " + cluster.getBrokerAddrTable());
        BrokerData brokerData = cluster.getBrokerAddrTable().values().iterator().next();
        assertEquals(broker.brokerAddress(), brokerData.getBrokerAddrs().get(0L), "master (id 0) address");
        assertEquals(Map.of(brokerData.getCluster(), Set.of(brokerData.getBrokerName())), cluster.getClusterAddrTable());
    }

    @Test
    void producerConnectionListsTheRunningProducerOfTheGroup() throws Exception {
        String topic = Names.unique("producers");
        DefaultMQProducer producer = clients.producer();
        producer.send(new Message(topic, "one".getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        // The producer reaches the broker's list with its next heartbeat (the client sends one at start and every 30 s).
        ProducerConnection connection = Await.value(EVENTUALLY, () -> "producerConnection of " + producer.getProducerGroup(), () -> {
            try {
                return Optional.of(admin.examineProducerConnectionInfo(producer.getProducerGroup(), topic));
            } catch (org.apache.rocketmq.client.exception.MQBrokerException notYet) {
                return Optional.empty();
            }
        });
        assertEquals(Set.of(producer.buildMQClientId()),
                connection.getConnectionSet().stream().map(c -> c.getClientId()).collect(java.util.stream.Collectors.toSet()));
        assertThrows(org.apache.rocketmq.client.exception.MQBrokerException.class,
                () -> admin.examineProducerConnectionInfo(Names.unique("nobody"), topic), "a group no producer announced");
    }

    @Test
    void consumerProgressShowsAGroupThatConsumedEverythingAsCaughtUp() throws Exception {
        String topic = Names.unique("progress");
        String group = Names.unique("progress");
        DefaultMQProducer producer = clients.producer();
        List<Message> messages = Clients.numbered(topic, "progress", 10);
        for (Message message : messages) {
            producer.send(message);
        }
        clients.awaitRoute(producer, topic);
        Inbox inbox = new Inbox();
        clients.pushConsumer(group, topic, "*", inbox.acknowledging(), 16);
        inbox.awaitAll(Clients.keysOf(messages), Duration.ofSeconds(60));

        ConsumeStats stats = Await.value(EVENTUALLY, () -> "consumerProgress of " + group + " caught up", () -> {
            ConsumeStats current = admin.examineConsumeStats(group);
            Map<MessageQueue, OffsetWrapper> ofTopic = ofTopic(current, topic);
            boolean caughtUp = !ofTopic.isEmpty()
                    && ofTopic.values().stream().allMatch(o -> o.getConsumerOffset() == o.getBrokerOffset());
            return caughtUp ? Optional.of(current) : Optional.empty();
        });
        long stored = ofTopic(stats, topic).values().stream().mapToLong(o -> o.getBrokerOffset()).sum();
        assertEquals(messages.size(), stored, "messages stored across the topic's queues");
    }

    @Test
    void queryByKeyFindsExactlyTheMessagesCarryingThatKey() throws Exception {
        String topic = Names.unique("bykey");
        DefaultMQProducer producer = clients.producer();
        Set<String> wanted = new java.util.TreeSet<>();
        for (String key : List.of("needle", "other", "needle")) {
            Message message = new Message(topic, key.getBytes(StandardCharsets.UTF_8));
            message.setKeys(List.of(key, "shared"));
            SendResult result = producer.send(message);
            if (key.equals("needle")) {
                wanted.add(result.getMsgId());
            }
        }

        QueryResult found = Await.value(EVENTUALLY, () -> "queryMsgByKey needle", () -> {
            QueryResult result = admin.queryMessage(topic, "needle", 32, 0, Long.MAX_VALUE);
            return result.getMessageList().size() >= wanted.size() ? Optional.of(result) : Optional.empty();
        });
        assertEquals(wanted, found.getMessageList().stream().map(MessageExt::getMsgId).collect(Collectors.toCollection(java.util.TreeSet::new)));
        found.getMessageList().forEach(m -> assertEquals("needle", new String(m.getBody(), StandardCharsets.UTF_8)));
    }

    @Test
    void viewMessageFindsItByOffsetMsgIdAndByTheClientsMsgId() throws Exception {
        String topic = Names.unique("view");
        DefaultMQProducer producer = clients.producer();
        Message message = Clients.numbered(topic, "view", 1).get(0);
        message.setTags("TagV");
        SendResult sent = producer.send(message);

        // The offset id names the broker and the commitlog position: VIEW_MESSAGE_BY_ID. The broker
        // shows a record once its dispatcher has indexed it, a moment after the send's answer.
        MessageExt byOffset = Await.value(EVENTUALLY, () -> "viewMessage " + sent.getOffsetMsgId(),
                () -> Optional.ofNullable(admin.viewMessage(topic, sent.getOffsetMsgId())));
        // The client's id is looked up in the index (QUERY_MESSAGE, unique-key flag).
        MessageExt byClientId = Await.value(EVENTUALLY, () -> "queryMsgById " + sent.getMsgId(),
                () -> Optional.ofNullable(admin.viewMessage(topic, sent.getMsgId())));

        for (MessageExt found : List.of(byOffset, byClientId)) {
            assertEquals(topic, found.getTopic());
            assertEquals("view-0", found.getKeys());
            assertEquals("TagV", found.getTags());
            assertEquals(sent.getMsgId(), found.getMsgId());
            assertEquals(sent.getQueueOffset(), found.getQueueOffset());
            assertArrayEquals(message.getBody(), found.getBody());
        }
    }

    @Test
    void updatedBrokerConfigIsReadBack() throws Exception {
        String key = "slaveReadEnable";
        boolean before = Boolean.parseBoolean(admin.getBrokerConfig(broker.brokerAddress()).getProperty(key, "false"));
        Properties change = new Properties();
        change.setProperty(key, String.valueOf(!before));

        admin.updateBrokerConfig(broker.brokerAddress(), change);

        assertEquals(String.valueOf(!before), admin.getBrokerConfig(broker.brokerAddress()).getProperty(key));
    }

    private QueueData awaitQueueData(String topic, java.util.function.Predicate<QueueData> wanted) throws InterruptedException {
        return Await.value(PROMPTLY, () -> "a route for " + topic + " as configured", () -> {
            TopicRouteData route = admin.examineTopicRouteInfo(topic);
            return route.getQueueDatas().stream().filter(wanted).findFirst();
        });
    }

    /** topicStatus as "min..max" per queue id. */
    private Map<Integer, String> ranges(String topic) {
        try {
            TopicStatsTable stats = admin.examineTopicStats(topic);
            Map<Integer, String> ranges = new TreeMap<>();
            for (Map.Entry<MessageQueue, TopicOffset> entry : stats.getOffsetTable().entrySet()) {
                ranges.put(entry.getKey().getQueueId(), entry.getValue().getMinOffset() + ".." + entry.getValue().getMaxOffset());
            }
            return ranges;
        } catch (Exception e) {
            return Map.of(-1, e.toString());
        }
    }

    private static Map<MessageQueue, OffsetWrapper> ofTopic(ConsumeStats stats, String topic) {
        return stats.getOffsetTable().entrySet().stream().filter(e -> e.getKey().getTopic().equals(topic))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
