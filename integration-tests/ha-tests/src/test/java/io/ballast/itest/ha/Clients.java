package io.ballast.itest.ha;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.rocketmq.client.ClientConfig;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;

/**
 * The official 5.x client as these tests use it: pointed at the pair's name server, each client in
 * its own instance (a unique instanceName, so shutting one down never tears down another's
 * connections), all shut down on {@link #close()}, the newest first.
 */
final class Clients implements AutoCloseable {
    static final int SEND_TIMEOUT_MS = 10_000;

    private final String nameServer;
    private final Deque<Runnable> shutdowns = new ArrayDeque<>();

    Clients(String nameServer) {
        this.nameServer = nameServer;
    }

    /** A started producer making one attempt per send, so a key's outcome in a ledger is that one answer. */
    DefaultMQProducer producer() throws MQClientException {
        DefaultMQProducer producer = new DefaultMQProducer(unique("producer"));
        configure(producer);
        producer.setSendMsgTimeout(SEND_TIMEOUT_MS);
        producer.setRetryTimesWhenSendFailed(0);
        producer.start();
        shutdowns.push(producer::shutdown);
        return producer;
    }

    /** A lite pull consumer, not started yet, reading a new group from the first offset. */
    DefaultLitePullConsumer litePullConsumer(String group) {
        DefaultLitePullConsumer consumer = new DefaultLitePullConsumer(group);
        configure(consumer);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        shutdowns.push(consumer::shutdown);
        return consumer;
    }

    /** A started pull consumer: each pull names its queue and offset, and its result carries the broker's suggestion. */
    @SuppressWarnings("deprecation") // the one official consumer whose pulls are explicit
    DefaultMQPullConsumer pullConsumer(String group) throws MQClientException {
        DefaultMQPullConsumer consumer = new DefaultMQPullConsumer(group);
        configure(consumer);
        consumer.start();
        shutdowns.push(consumer::shutdown);
        return consumer;
    }

    /** A topic or group name no other test uses. */
    static String unique(String purpose) {
        return purpose + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
    }

    private void configure(ClientConfig client) {
        client.setNamesrvAddr(nameServer);
        client.setInstanceName(unique("instance"));
    }

    @Override
    public void close() {
        while (!shutdowns.isEmpty()) {
            shutdowns.pop().run();
        }
    }
}
