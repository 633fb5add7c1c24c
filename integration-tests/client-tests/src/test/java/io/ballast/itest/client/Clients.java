package io.ballast.itest.client;

import io.ballast.itest.fixture.Await;
import io.ballast.itest.fixture.BrokerUnderTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.rocketmq.client.ClientConfig;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.MessageListener;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The official clients as a test uses them: pointed at the broker's name server, each in its own
 * client instance (a unique instanceName, so shutting one down never tears down another's
 * connections), all shut down on {@link #close()}, the newest first.
 */
public class Clients implements AutoCloseable {
    public static final int SEND_TIMEOUT_MS = 5000;
    /** Generous: a route appears after the broker registers the topic with the name server. */
    public static final Duration ROUTE_TIMEOUT = Duration.ofSeconds(30);

    private final Supplier<String> nameServer;
    private final Deque<Runnable> shutdowns = new ArrayDeque<>();

    public Clients(String nameServer) {
        this.nameServer = () -> nameServer;
    }

    private Clients(Supplier<String> nameServer) {
        this.nameServer = nameServer;
    }

    /**
     * Clients of {@code broker} for one test, shut down after it:
     * {@code @RegisterExtension final Clients clients = Clients.perTest(broker);}
     */
    public static Clients perTest(BrokerUnderTest broker) {
        return new PerTest(broker::nameServerAddress);
    }

    private static final class PerTest extends Clients implements AfterEachCallback {
        PerTest(Supplier<String> nameServer) {
            super(nameServer);
        }

        @Override
        public void afterEach(ExtensionContext context) {
            close();
        }
    }

    public DefaultMQProducer producer() throws MQClientException {
        DefaultMQProducer producer = new DefaultMQProducer(Names.unique("producer"));
        configure(producer);
        producer.setSendMsgTimeout(SEND_TIMEOUT_MS);
        producer.start();
        shutdowns.push(producer::shutdown);
        return producer;
    }

    /** A started clustering push consumer of {@code topic} reading the topic from its first offset. */
    public DefaultMQPushConsumer pushConsumer(String group, String topic, String expression, MessageListener listener,
                                       int maxReconsumeTimes) throws MQClientException {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
        configure(consumer);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setMaxReconsumeTimes(maxReconsumeTimes);
        consumer.subscribe(topic, expression);
        consumer.registerMessageListener(listener);
        consumer.start();
        shutdowns.push(consumer::shutdown);
        return consumer;
    }

    /** A push consumer (new group, whole topic, default retries) whose deliveries land in the returned inbox. */
    public Inbox drain(String topic, String expression) throws MQClientException {
        Inbox inbox = new Inbox();
        pushConsumer(Names.unique("drain"), topic, expression, inbox.acknowledging(), 16);
        return inbox;
    }

    /** A lite pull consumer, not started yet (subscribe or assign first), reading from the first offset. */
    public DefaultLitePullConsumer litePullConsumer(String group) {
        DefaultLitePullConsumer consumer = new DefaultLitePullConsumer(group);
        configure(consumer);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        shutdowns.push(consumer::shutdown);
        return consumer;
    }

    /** The topic's writable queues once the name server has its route (auto-created topics appear after registration). */
    public List<MessageQueue> awaitRoute(DefaultMQProducer producer, String topic) throws InterruptedException {
        return Await.value(ROUTE_TIMEOUT, () -> "a route for " + topic + " at the name server", () -> {
            List<MessageQueue> queues = producer.fetchPublishMessageQueues(topic);
            return queues.isEmpty() ? Optional.empty() : Optional.of(queues);
        });
    }

    /** The topic's readable queues, as a consumer sees them, once the name server has its route. */
    public Collection<MessageQueue> awaitReadableQueues(DefaultLitePullConsumer startedConsumer, String topic) throws InterruptedException {
        return Await.value(ROUTE_TIMEOUT, () -> "readable queues of " + topic + " at the name server", () -> {
            Collection<MessageQueue> queues = startedConsumer.fetchMessageQueues(topic);
            return queues.isEmpty() ? Optional.empty() : Optional.of(queues);
        });
    }

    /** Messages keyed {@code prefix-0 … prefix-(n-1)}, bodies {@code body of <key>}. */
    public static List<Message> numbered(String topic, String prefix, int count) {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String key = prefix + "-" + i;
            Message message = new Message(topic, ("body of " + key).getBytes(StandardCharsets.UTF_8));
            message.setKeys(key);
            messages.add(message);
        }
        return messages;
    }

    public static List<String> keysOf(Collection<Message> messages) {
        return messages.stream().map(Message::getKeys).toList();
    }

    private void configure(ClientConfig client) {
        client.setNamesrvAddr(nameServer.get());
        client.setInstanceName(Names.unique("instance"));
    }

    @Override
    public void close() {
        while (!shutdowns.isEmpty()) {
            shutdowns.pop().run();
        }
    }
}
