package io.ballast.itest.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.ballast.itest.fixture.BrokerUnderTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * A send and a pull with whatever header encoding the client is configured for, its name-server
 * traffic relayed through a {@link FrameTypeRecorder} so the test sees the encoding on the wire.
 * Producer and consumer live in one JVM, so the broker gets the same encoding as the name server.
 */
final class HeaderRoundTrip {
    private HeaderRoundTrip() {
    }

    static void sendAndPull(BrokerUnderTest broker, int expectedType) throws Exception {
        try (FrameTypeRecorder recorder = new FrameTypeRecorder(broker.nameServerAddress());
             Clients clients = new Clients(recorder.address())) {
            String topic = Names.unique("headers");
            DefaultMQProducer producer = clients.producer();
            List<Message> messages = Clients.numbered(topic, "headers", 5);
            for (Message message : messages) {
                message.setTags("TagH");
                message.putUserProperty("encoding", String.valueOf(expectedType));
                assertEquals(SendStatus.SEND_OK, producer.send(message).getSendStatus());
            }
            clients.awaitRoute(producer, topic);

            DefaultLitePullConsumer consumer = clients.litePullConsumer(Names.unique("headers"));
            consumer.start();
            consumer.assign(new ArrayList<>(clients.awaitReadableQueues(consumer, topic)));
            Inbox inbox = new Inbox();
            inbox.pollUntilAll(consumer, Clients.keysOf(messages), Duration.ofSeconds(60));

            inbox.assertEachExactlyOnce(Clients.keysOf(messages));
            for (Message sent : messages) {
                MessageExt received = inbox.only(sent.getKeys());
                assertEquals("TagH", received.getTags());
                assertEquals(String.valueOf(expectedType), received.getUserProperty("encoding"));
                assertArrayEquals(sent.getBody(), received.getBody());
            }
            assertFalse(recorder.requestTypes().isEmpty(), "the clients asked the name server for routes");
            assertEquals(Set.of(expectedType), Set.copyOf(recorder.requestTypes()), "header type of every request frame");
        }
    }
}
