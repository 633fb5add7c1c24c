package io.ballast.itest.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ballast.itest.fixture.BrokerUnderTest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Committed consumer offsets are persisted: a graceful broker restart redelivers nothing a group committed. */
class OffsetsSurviveRestartIT {
    private static final Duration POLLING = Duration.ofSeconds(60);

    @RegisterExtension
    static final BrokerUnderTest broker = BrokerUnderTest.isolated();

    @Test
    void afterARestartAConsumerOfTheGroupGetsOnlyWhatWasNotCommitted() throws Exception {
        String topic = Names.unique("restart");
        String group = Names.unique("restart");
        List<Message> committed = Clients.numbered(topic, "committed", 10);
        List<Message> rest = Clients.numbered(topic, "rest", 10);

        try (Clients before = new Clients(broker.nameServerAddress())) {
            DefaultMQProducer producer = before.producer();
            for (Message message : committed) {
                producer.send(message);
            }
            before.awaitRoute(producer, topic);
            DefaultLitePullConsumer consumer = before.litePullConsumer(group);
            consumer.setAutoCommit(false);
            consumer.subscribe(topic, "*");
            consumer.start();
            new Inbox().pollUntilAll(consumer, Clients.keysOf(committed), POLLING);
            consumer.commitSync();
            // Leaves the group, sending the committed offsets to the broker first.
            consumer.shutdown();
            // Stored but never consumed: must be there, and still unconsumed, after the restart.
            for (Message message : rest) {
                producer.send(message);
            }
        }

        broker.restart();

        try (Clients after = new Clients(broker.nameServerAddress())) {
            after.awaitRoute(after.producer(), topic);
            DefaultLitePullConsumer consumer = after.litePullConsumer(group);
            consumer.subscribe(topic, "*");
            consumer.start();
            Inbox inbox = new Inbox();
            inbox.pollUntilAll(consumer, Clients.keysOf(rest), POLLING);

            // Queues are read in offset order: a committed message handed out again would already be here.
            assertEquals(Set.of(), inbox.counts().keySet().stream().filter(k -> k.startsWith("committed-"))
                    .collect(Collectors.toSet()), "committed before the restart, delivered again after it");
            inbox.assertEachExactlyOnce(Clients.keysOf(rest));
        }
    }
}
