package io.ballast.itest.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.itest.fixture.BrokerUnderTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Delay levels: {@code 1s 5s 10s 30s 1m …}; level 2 is five seconds. */
class DelayIT {
    private static final long LEVEL_2_MS = 5_000;

    @RegisterExtension
    static final BrokerUnderTest broker = BrokerUnderTest.isolated();

    @RegisterExtension
    final Clients clients = Clients.perTest(broker);

    @Test
    void aMessageAtDelayLevel2ArrivesNoEarlierThanFiveSecondsAfterItWasSent() throws Exception {
        String topic = Names.unique("delay");
        DefaultMQProducer producer = clients.producer();
        Map<String, Long> arrivedAt = new ConcurrentHashMap<>();
        Inbox inbox = new Inbox();
        MessageListenerConcurrently timed = (messages, context) -> {
            long now = System.nanoTime();
            for (MessageExt message : messages) {
                arrivedAt.putIfAbsent(message.getKeys(), now);
                inbox.add(message);
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        };
        // A consumer already pulling, proven by an undelayed message, so that the delay measured is the broker's.
        producer.send(Clients.numbered(topic, "warm-up", 1).get(0));
        clients.awaitRoute(producer, topic);
        clients.pushConsumer(Names.unique("delay"), topic, "*", timed, 16);
        inbox.awaitAll(List.of("warm-up-0"), Duration.ofSeconds(60));

        Message delayed = new Message(topic, "later".getBytes(StandardCharsets.UTF_8));
        delayed.setKeys("delayed");
        delayed.setDelayTimeLevel(2);
        // Measured from just before the send: the broker's five seconds start when it stores the
        // message, which is before the send returns, so the send's return would overstate the bound.
        long sentAt = System.nanoTime();
        assertEquals(SendStatus.SEND_OK, producer.send(delayed).getSendStatus());

        inbox.awaitAll(List.of("delayed"), Duration.ofSeconds(40));
        long afterMs = TimeUnit.NANOSECONDS.toMillis(arrivedAt.get("delayed") - sentAt);
        assertTrue(afterMs >= LEVEL_2_MS, "delivered " + afterMs + " ms after the send, before its 5 s delay");
        MessageExt received = inbox.only("delayed");
        assertEquals(topic, received.getTopic());
        assertEquals("later", new String(received.getBody(), StandardCharsets.UTF_8));
    }
}
