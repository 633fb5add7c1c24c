package io.ballast.itest.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.itest.fixture.BrokerUnderTest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** DefaultLitePullConsumer: subscribe and poll, assign and seek, commit and resume. */
class LitePullConsumerIT {
    /**
     * A subscribing lite consumer rebalances first when the broker tells it its group changed
     * (NOTIFY_CONSUMER_IDS_CHANGED); without that it waits for the 20 s timer. Both pass here.
     */
    private static final Duration POLLING = Duration.ofSeconds(60);

    @RegisterExtension
    static final BrokerUnderTest broker = BrokerUnderTest.isolated();

    @RegisterExtension
    final Clients clients = Clients.perTest(broker);

    @Test
    void subscribeAndPollReceiveEveryMessageOnce() throws Exception {
        String topic = Names.unique("lite");
        DefaultMQProducer producer = clients.producer();
        List<Message> messages = Clients.numbered(topic, "lite", 20);
        for (Message message : messages) {
            producer.send(message);
        }
        clients.awaitRoute(producer, topic);

        DefaultLitePullConsumer consumer = clients.litePullConsumer(Names.unique("lite"));
        consumer.subscribe(topic, "*");
        consumer.start();
        Inbox inbox = new Inbox();
        inbox.pollUntilAll(consumer, Clients.keysOf(messages), POLLING);

        inbox.assertEachExactlyOnce(Clients.keysOf(messages));
    }

    @Test
    void assignedQueueSoughtToAnOffsetIsReadFromThere() throws Exception {
        String topic = Names.unique("seek");
        DefaultMQProducer producer = clients.producer();
        List<Message> messages = Clients.numbered(topic, "seek", 10);
        SendResult first = producer.send(messages.get(0), (queues, msg, arg) -> queues.get(0), null);
        for (Message message : messages.subList(1, messages.size())) {
            producer.send(message, first.getMessageQueue());
        }
        clients.awaitRoute(producer, topic);

        DefaultLitePullConsumer consumer = clients.litePullConsumer(Names.unique("seek"));
        consumer.start();
        MessageQueue queue = clients.awaitReadableQueues(consumer, topic).stream()
                .filter(q -> q.getQueueId() == first.getMessageQueue().getQueueId()).findFirst().orElseThrow();
        consumer.assign(List.of(queue));
        // assign() starts pulling at once (from offset 0: a new group on a young queue), so a pull
        // can be answered before seek() runs; the client drops what it cached for a queue when it
        // seeks, so pausing first and letting such a pull land makes the test deterministic.
        consumer.pause(List.of(queue));
        Thread.sleep(500);
        long from = first.getQueueOffset() + 5;
        consumer.seek(queue, from);
        consumer.resume(List.of(queue));

        List<String> expected = Clients.keysOf(messages.subList(5, messages.size()));
        Inbox inbox = new Inbox();
        inbox.pollUntilAll(consumer, expected, POLLING);
        inbox.assertEachExactlyOnce(expected);
        Set<Long> offsets = inbox.all().stream().map(MessageExt::getQueueOffset).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(offsets.stream().allMatch(o -> o >= from), "nothing before the sought offset " + from + ": " + offsets);
    }

    @Test
    void aNewConsumerOfTheGroupResumesAfterTheCommittedOffsets() throws Exception {
        String topic = Names.unique("commit");
        String group = Names.unique("commit");
        DefaultMQProducer producer = clients.producer();
        List<Message> consumed = Clients.numbered(topic, "consumed", 10);
        for (Message message : consumed) {
            producer.send(message);
        }
        clients.awaitRoute(producer, topic);

        DefaultLitePullConsumer first = clients.litePullConsumer(group);
        first.setAutoCommit(false);
        first.subscribe(topic, "*");
        first.start();
        new Inbox().pollUntilAll(first, Clients.keysOf(consumed), POLLING);
        first.commitSync();
        // shutdown() sends the committed offsets to the broker (UPDATE_CONSUMER_OFFSET) and leaves the group.
        first.shutdown();

        List<Message> rest = Clients.numbered(topic, "rest", 10);
        for (Message message : rest) {
            producer.send(message);
        }
        DefaultLitePullConsumer second = clients.litePullConsumer(group);
        second.subscribe(topic, "*");
        second.start();
        Inbox inbox = new Inbox();
        inbox.pollUntilAll(second, Clients.keysOf(rest), POLLING);

        // A queue is read in offset order, so a committed message handed out again would have
        // come before the rest of its queue: by now it would be in the inbox.
        assertEquals(Set.of(), inbox.counts().keySet().stream().filter(k -> k.startsWith("consumed-")).collect(Collectors.toSet()),
                "committed messages delivered again");
        inbox.assertEachExactlyOnce(Clients.keysOf(rest));
    }
}
