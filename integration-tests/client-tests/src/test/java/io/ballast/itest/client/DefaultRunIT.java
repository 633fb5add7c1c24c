package io.ballast.itest.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ballast.itest.fixture.BrokerUnderTest;
import java.time.Duration;
import java.util.List;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's first command, nothing else: a fresh tarball, {@code bin/ballast start}, and an
 * application that knows only {@code 127.0.0.1:9876}.
 */
class DefaultRunIT {
    @RegisterExtension
    static final BrokerUnderTest broker = BrokerUnderTest.defaultRun();

    @Test
    void theDefaultRunServesAProducerAndALitePullConsumer() throws Exception {
        assertEquals("127.0.0.1:9876", broker.nameServerAddress());
        try (Clients clients = new Clients("127.0.0.1:9876")) {
            String topic = Names.unique("default");
            DefaultMQProducer producer = clients.producer();
            Message message = Clients.numbered(topic, "default", 1).get(0);
            assertEquals(SendStatus.SEND_OK, producer.send(message).getSendStatus());
            clients.awaitRoute(producer, topic);

            DefaultLitePullConsumer consumer = clients.litePullConsumer(Names.unique("default"));
            consumer.subscribe(topic, "*");
            consumer.start();
            Inbox inbox = new Inbox();
            inbox.pollUntilAll(consumer, List.of("default-0"), Duration.ofSeconds(60));
            inbox.assertEachExactlyOnce(List.of("default-0"));
        }
    }
}
