package io.ballast.itest.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.itest.fixture.BrokerUnderTest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageId;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** DefaultMQProducer's four ways to send, against topics the broker creates on the first send. */
class ProducerIT {
    private static final Duration DELIVERY = Duration.ofSeconds(60);

    @RegisterExtension
    static final BrokerUnderTest broker = BrokerUnderTest.isolated();

    @RegisterExtension
    final Clients clients = Clients.perTest(broker);

    @Test
    void syncSendToANewTopicIsAnsweredSendOkWithPlausibleIdsAndTheTopicIsRouted() throws Exception {
        String topic = Names.unique("sync");
        DefaultMQProducer producer = clients.producer();

        List<Message> messages = Clients.numbered(topic, "sync", 2);
        SendResult first = producer.send(messages.get(0));
        SendResult next = producer.send(messages.get(1), first.getMessageQueue());

        for (SendResult result : List.of(first, next)) {
            assertEquals(SendStatus.SEND_OK, result.getSendStatus(), result.toString());
            // the client's own id (UNIQ_KEY): 32 hex digits from an IPv4 host, 56 from an IPv6 one
            assertTrue(result.getMsgId() != null && result.getMsgId().matches("[0-9A-F]{32}|[0-9A-F]{56}"), "client msgId: " + result);
            assertEquals(topic, result.getMessageQueue().getTopic(), result.toString());
            assertTrue(result.getMessageQueue().getQueueId() >= 0, result.toString());
            assertTrue(result.getQueueOffset() >= 0, result.toString());
            // offsetMsgId names the broker that stored the message: admin tools look the message up there.
            MessageId stored = MessageDecoder.decodeMessageId(result.getOffsetMsgId());
            assertEquals(broker.brokerAddress().substring(broker.brokerAddress().indexOf(':') + 1),
                    String.valueOf(((InetSocketAddress) stored.getAddress()).getPort()), "store host port in " + result);
        }
        assertEquals(first.getQueueOffset() + 1, next.getQueueOffset(), "consecutive sends to one queue get consecutive offsets");
        assertTrue(MessageDecoder.decodeMessageId(next.getOffsetMsgId()).getOffset()
                > MessageDecoder.decodeMessageId(first.getOffsetMsgId()).getOffset(), "commitlog offsets grow");

        // autoCreateTopicEnable (the default): the broker created the topic and registered it.
        List<MessageQueue> queues = clients.awaitRoute(producer, topic);
        assertTrue(queues.stream().anyMatch(q -> q.getQueueId() == first.getMessageQueue().getQueueId()),
                "route " + queues + " includes the queue written to");

        Inbox inbox = clients.drain(topic, "*");
        inbox.awaitAll(Clients.keysOf(messages), DELIVERY);
        inbox.assertEachExactlyOnce(Clients.keysOf(messages));
        assertEquals(next.getQueueOffset(), inbox.only("sync-1").getQueueOffset());
    }

    @Test
    void asyncSendsCallBackOnceEachWithSendOk() throws Exception {
        String topic = Names.unique("async");
        DefaultMQProducer producer = clients.producer();
        List<Message> messages = Clients.numbered(topic, "async", 10);
        Map<String, SendResult> results = new ConcurrentHashMap<>();
        Map<String, Throwable> failures = new ConcurrentHashMap<>();
        CountDownLatch callbacks = new CountDownLatch(messages.size());

        for (Message message : messages) {
            producer.send(message, new SendCallback() {
                @Override
                public void onSuccess(SendResult result) {
                    results.merge(message.getKeys(), result, (a, b) -> duplicateCallback(message.getKeys()));
                    callbacks.countDown();
                }

                @Override
                public void onException(Throwable e) {
                    failures.put(message.getKeys(), e);
                    callbacks.countDown();
                }
            });
        }

        assertTrue(callbacks.await(30, TimeUnit.SECONDS), "every callback within 30 s; results " + results.keySet());
        assertEquals(Map.of(), failures);
        assertEquals(Set.copyOf(Clients.keysOf(messages)), results.keySet());
        results.values().forEach(r -> assertEquals(SendStatus.SEND_OK, r.getSendStatus(), r.toString()));
        Set<String> positions = results.values().stream()
                .map(r -> r.getMessageQueue().getQueueId() + "@" + r.getQueueOffset()).collect(Collectors.toSet());
        assertEquals(messages.size(), positions.size(), "each message has its own queue position: " + positions);

        Inbox inbox = clients.drain(topic, "*");
        inbox.awaitAll(Clients.keysOf(messages), DELIVERY);
        inbox.assertEachExactlyOnce(Clients.keysOf(messages));
    }

    @Test
    void oneWaySendsArriveAtTheConsumer() throws Exception {
        String topic = Names.unique("oneway");
        DefaultMQProducer producer = clients.producer();
        List<Message> messages = Clients.numbered(topic, "oneway", 5);
        for (Message message : messages) {
            producer.sendOneway(message);
        }

        clients.awaitRoute(producer, topic);
        Inbox inbox = clients.drain(topic, "*");
        inbox.awaitAll(Clients.keysOf(messages), DELIVERY);
        inbox.assertEachExactlyOnce(Clients.keysOf(messages));
    }

    @Test
    void batchSendStoresEveryMessageOnceAtConsecutiveOffsetsOfOneQueue() throws Exception {
        String topic = Names.unique("batch");
        DefaultMQProducer producer = clients.producer();
        List<Message> messages = Clients.numbered(topic, "batch", 10);

        SendResult result = producer.send(messages);

        assertEquals(SendStatus.SEND_OK, result.getSendStatus(), result.toString());
        assertEquals(messages.size(), result.getMsgId().split(",").length, "one client id per message: " + result);
        Inbox inbox = clients.drain(topic, "*");
        inbox.awaitAll(Clients.keysOf(messages), DELIVERY);
        inbox.assertEachExactlyOnce(Clients.keysOf(messages));
        for (int i = 0; i < messages.size(); i++) {
            MessageExt received = inbox.only("batch-" + i);
            assertEquals(result.getMessageQueue().getQueueId(), received.getQueueId(), "a batch goes to one queue");
            assertEquals(result.getQueueOffset() + i, received.getQueueOffset(), "batch-" + i + " in send order");
            assertArrayEquals(messages.get(i).getBody(), received.getBody());
        }
    }

    @Test
    void keysTagsPropertiesAndBodyComeBackIntactAndTagsFilter() throws Exception {
        String topic = Names.unique("props");
        DefaultMQProducer producer = clients.producer();
        byte[] body = new byte[256];
        IntStream.range(0, body.length).forEach(i -> body[i] = (byte) i);
        Message tagB = new Message(topic, "TagB", "filtered-out", "not for TagA".getBytes(StandardCharsets.UTF_8));
        Message tagA = new Message(topic, "TagA", body);
        tagA.setKeys(List.of("order-1", "customer-7"));
        tagA.putUserProperty("color", "blue");
        tagA.putUserProperty("note", "naïve ☃, with spaces");

        // Both to one queue, TagB first: had the filter let it through, it would arrive before TagA.
        SendResult sentB = producer.send(tagB, (queues, msg, arg) -> queues.get(0), null);
        SendResult sentA = producer.send(tagA, sentB.getMessageQueue());
        assertEquals(SendStatus.SEND_OK, sentA.getSendStatus());

        Inbox inbox = clients.drain(topic, "TagA");
        inbox.awaitAll(List.of("order-1 customer-7"), DELIVERY);
        MessageExt received = inbox.only("order-1 customer-7");
        assertEquals(topic, received.getTopic());
        assertEquals("TagA", received.getTags());
        assertEquals("order-1 customer-7", received.getKeys());
        assertEquals("blue", received.getUserProperty("color"));
        assertEquals("naïve ☃, with spaces", received.getUserProperty("note"));
        assertArrayEquals(body, received.getBody());
        assertEquals(sentA.getMsgId(), received.getMsgId(), "the client's unique id survives the round trip");
        assertEquals(Set.of("order-1 customer-7"), inbox.counts().keySet(), "TagB filtered out");
    }

    private static SendResult duplicateCallback(String key) {
        throw new AssertionError("a second success callback for " + key);
    }
}
