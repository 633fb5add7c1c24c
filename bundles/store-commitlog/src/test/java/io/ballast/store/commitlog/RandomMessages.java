package io.ballast.store.commitlog;

import io.ballast.spi.message.Message;
import io.ballast.spi.message.MessageProperties;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Messages with random topics, queues, bodies and properties, reproducible from a seed. */
final class RandomMessages {
    private final Random random;
    private final int maxBody;
    private int sequence;

    RandomMessages(long seed, int maxBody) {
        this.random = new Random(seed);
        this.maxBody = maxBody;
    }

    Random random() {
        return random;
    }

    Message next() {
        return next("topic-" + random.nextInt(3), random.nextInt(4));
    }

    Message next(String topic, int queueId) {
        byte[] body = new byte[random.nextInt(maxBody + 1)];
        random.nextBytes(body);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(MessageProperties.UNIQ_KEY, String.format("%032X", sequence++));
        if (random.nextBoolean()) {
            properties.put(MessageProperties.TAGS, "tag" + random.nextInt(5));
        }
        if (random.nextInt(4) == 0) {
            properties.put(MessageProperties.KEYS, "order-" + random.nextInt(1000) + " customer-" + random.nextInt(50));
        }
        return Message.builder(topic, body)
                .queueId(queueId)
                .flag(random.nextInt())
                .sysFlag(random.nextBoolean() ? 1 : 0)
                .bornTimestamp(1_700_000_000_000L + random.nextInt(1_000_000))
                .bornHost(new InetSocketAddress("127.0.0." + (1 + random.nextInt(200)), 1024 + random.nextInt(60000)))
                .reconsumeTimes(random.nextInt(3))
                .properties(properties)
                .build();
    }
}
