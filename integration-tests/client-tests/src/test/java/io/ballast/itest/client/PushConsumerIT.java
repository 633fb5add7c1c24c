package io.ballast.itest.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.itest.fixture.Await;
import io.ballast.itest.fixture.BrokerUnderTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** DefaultMQPushConsumer: concurrent and orderly listeners, redelivery through the retry topic, the DLQ. */
class PushConsumerIT {
    private static final Duration DELIVERY = Duration.ofSeconds(60);
    /** Two redeliveries after a second each (the broker's delay levels below), plus pulls and rebalances; generous for a loaded machine. */
    private static final Duration TWO_REDELIVERIES = Duration.ofSeconds(90);

    /**
     * Retries wait on delay levels 3, 4, ... (10 s, 30 s by default); one second each here, so the
     * retry path runs in seconds. The levels themselves are DelayIT's.
     */
    @RegisterExtension
    static final BrokerUnderTest broker = BrokerUnderTest.isolated(
            Map.of("messageDelayLevel", "1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s"));

    @RegisterExtension
    final Clients clients = Clients.perTest(broker);

    @Test
    void concurrentListenerReceivesEveryMessageOnce() throws Exception {
        String topic = Names.unique("push");
        DefaultMQProducer producer = clients.producer();
        List<Message> messages = Clients.numbered(topic, "push", 20);
        for (Message message : messages) {
            producer.send(message);
        }
        clients.awaitRoute(producer, topic);

        Inbox inbox = clients.drain(topic, "*");
        inbox.awaitAll(Clients.keysOf(messages), DELIVERY);

        inbox.assertEachExactlyOnce(Clients.keysOf(messages));
        for (Message sent : messages) {
            assertArrayEquals(sent.getBody(), inbox.only(sent.getKeys()).getBody());
        }
    }

    @Test
    void orderlyListenerSeesEveryOrderInSendOrder() throws Exception {
        String topic = Names.unique("orderly");
        int orders = 4;
        int steps = 8;
        DefaultMQProducer producer = clients.producer();
        clients.awaitRoute(producer, sendOne(producer, topic));
        List<String> keys = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            for (int order = 0; order < orders; order++) {
                Message message = new Message(topic, ("order " + order + " step " + step).getBytes(StandardCharsets.UTF_8));
                message.setKeys("order-" + order + "-" + step);
                keys.add(message.getKeys());
                // One queue per order id: the producer's side of ordering.
                producer.send(message, (queues, msg, arg) -> queues.get((Integer) arg % queues.size()), order);
            }
        }

        Map<Integer, List<Integer>> stepsSeen = new ConcurrentHashMap<>();
        Inbox inbox = new Inbox();
        MessageListenerOrderly listener = (messages, context) -> {
            for (MessageExt message : messages) {
                inbox.add(message);
                String[] parts = message.getKeys().split("-");
                if (parts[0].equals("order")) {
                    stepsSeen.computeIfAbsent(Integer.parseInt(parts[1]), o -> new CopyOnWriteArrayList<>())
                            .add(Integer.parseInt(parts[2]));
                }
            }
            return ConsumeOrderlyStatus.SUCCESS;
        };
        clients.pushConsumer(Names.unique("orderly"), topic, "*", listener, 16);
        inbox.awaitAll(keys, DELIVERY);

        inbox.assertEachExactlyOnce(withFirst(keys));
        List<Integer> inOrder = IntStream.range(0, steps).boxed().toList();
        Map<Integer, List<Integer>> expected = new TreeMap<>();
        IntStream.range(0, orders).forEach(o -> expected.put(o, inOrder));
        assertEquals(expected, new TreeMap<>(stepsSeen), "steps of each order, as consumed");
    }

    @Test
    void reconsumeLaterRedeliversWithGrowingReconsumeTimesThenTheMessageGoesToTheDeadLetterQueue() throws Exception {
        String topic = Names.unique("retry");
        String group = Names.unique("retry");
        DefaultMQProducer producer = clients.producer();
        Message poison = new Message(topic, "TagP", "poison", "cannot be processed".getBytes(StandardCharsets.UTF_8));
        producer.send(poison);
        clients.awaitRoute(producer, topic);

        List<MessageExt> deliveries = new CopyOnWriteArrayList<>();
        MessageListenerConcurrently alwaysLater = (messages, context) -> {
            deliveries.addAll(messages);
            return ConsumeConcurrentlyStatus.RECONSUME_LATER;
        };
        clients.pushConsumer(group, topic, "*", alwaysLater, 2);

        // maxReconsumeTimes 2: the first delivery and two redeliveries, then the dead-letter queue.
        Await.until(TWO_REDELIVERIES, () -> "three deliveries; got reconsumeTimes " + reconsumeTimes(deliveries),
                () -> deliveries.size() >= 3);
        assertEquals(List.of(0, 1, 2), reconsumeTimes(deliveries).subList(0, 3), "reconsumeTimes of each delivery");
        for (MessageExt delivery : deliveries) {
            // the client hands retry-topic messages back under their original topic
            assertEquals(topic, delivery.getTopic());
            assertEquals("poison", delivery.getKeys());
            assertEquals("TagP", delivery.getTags());
            assertArrayEquals(poison.getBody(), delivery.getBody());
        }

        String deadLetters = MixAll.DLQ_GROUP_TOPIC_PREFIX + group;
        DefaultLitePullConsumer reader = clients.litePullConsumer(Names.unique("dlq-reader"));
        reader.start();
        reader.assign(new ArrayList<>(clients.awaitReadableQueues(reader, deadLetters)));
        Inbox dead = new Inbox();
        dead.pollUntilAll(reader, List.of("poison"), DELIVERY);
        assertArrayEquals(poison.getBody(), dead.only("poison").getBody());
        assertEquals(3, deliveries.size(), "no delivery after the message went to " + deadLetters);
    }

    private static List<Integer> reconsumeTimes(List<MessageExt> deliveries) {
        return deliveries.stream().map(MessageExt::getReconsumeTimes).toList();
    }

    /** Sends a marker message so the topic exists before the ordered sends pick queues from its route. */
    private static String sendOne(DefaultMQProducer producer, String topic) throws Exception {
        Message first = new Message(topic, "first".getBytes(StandardCharsets.UTF_8));
        first.setKeys("first");
        producer.send(first);
        return topic;
    }

    private static List<String> withFirst(List<String> keys) {
        List<String> all = new ArrayList<>(keys);
        all.add("first");
        return all;
    }
}
