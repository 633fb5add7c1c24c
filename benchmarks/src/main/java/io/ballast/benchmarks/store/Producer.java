package io.ballast.benchmarks.store;

import io.ballast.spi.message.Message;
import io.ballast.spi.message.MessageProperties;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One benchmark thread as a producer: 1 KiB bodies, each message with its own UNIQ_KEY (as the
 * Java client sets it, so the dispatcher indexes a new key per message) and a tag, spread over
 * 16 queues of one topic. Building the message is part of each operation, as decoding the request
 * into one is part of the broker's send path.
 */
@State(Scope.Thread)
public class Producer {
    static final String TOPIC = "BenchmarkTopic";
    static final int BODY_BYTES = 1024;
    private static final AtomicInteger QUEUES = new AtomicInteger();

    private byte[] body;
    private int queueId;
    private String keyPrefix;
    private long sent;

    @Setup
    public void setUp() {
        body = new byte[BODY_BYTES];
        ThreadLocalRandom.current().nextBytes(body);
        queueId = QUEUES.getAndIncrement() % 16;
        keyPrefix = String.format("7F000001%08X", ThreadLocalRandom.current().nextInt());
    }

    Message nextMessage() {
        String uniqueKey = keyPrefix + Long.toHexString(sent++);
        return Message.builder(TOPIC, body)
                .queueId(queueId)
                .bornTimestamp(System.currentTimeMillis())
                .properties(Map.of(MessageProperties.UNIQ_KEY, uniqueKey, MessageProperties.TAGS, "bench"))
                .build();
    }
}
