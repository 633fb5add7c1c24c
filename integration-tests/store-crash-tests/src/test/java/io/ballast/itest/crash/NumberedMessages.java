package io.ballast.itest.crash;

import io.ballast.spi.message.Message;
import io.ballast.spi.message.MessageProperties;
import io.ballast.store.commitlog.RecordView;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Random;

/**
 * Message {@code n} of a crash run. Topic, queue, born time, keys and body all follow from n, so
 * the parent, which only learns n from an ACK line, can rebuild what the child sent and compare
 * it with what the store gives back. Stateless and thread-safe.
 */
final class NumberedMessages {
    static final String[] TOPICS = {"orders", "payments", "audit"};
    static final int QUEUES_PER_TOPIC = 4;
    private static final long NUMBERS_PER_ROUND = 100_000_000L;
    private static final int MAX_BODY_LENGTH = 128;
    private static final String KEY_PREFIX = "CRASH";
    /** Given, not defaulted: the builder's default resolves a host name for every message. */
    private static final InetSocketAddress BORN_HOST = new InetSocketAddress("127.0.0.1", 43210);

    private NumberedMessages() {
    }

    static Message message(long n) {
        return Message.builder(topic(n), body(n))
                .queueId(queueId(n))
                .bornTimestamp(1_700_000_000_000L + n)
                .bornHost(BORN_HOST)
                .properties(Map.of(MessageProperties.UNIQ_KEY, uniqueKey(n), MessageProperties.TAGS, "t" + (n % 5)))
                .build();
    }

    /**
     * The last topic is written in even rounds only. In an odd round its queues get nothing, so
     * when the round after recovers, no replayed record names them: their next offsets must come
     * from the consume queues themselves.
     */
    static String topic(long n) {
        int topics = round(n) % 2 == 0 ? TOPICS.length : TOPICS.length - 1;
        return TOPICS[(int) (n % topics)];
    }

    /** Round r numbers its messages from {@code r * NUMBERS_PER_ROUND}. */
    static long firstOfRound(int round) {
        return round * NUMBERS_PER_ROUND;
    }

    private static long round(long n) {
        return n / NUMBERS_PER_ROUND;
    }

    static int queueId(long n) {
        return (int) (n / TOPICS.length % QUEUES_PER_TOPIC);
    }

    /** Random bytes of a random length, both seeded by n: a reordered or torn body cannot pass. */
    static byte[] body(long n) {
        Random random = new Random(n);
        byte[] body = new byte[random.nextInt(MAX_BODY_LENGTH + 1)];
        random.nextBytes(body);
        return body;
    }

    static String uniqueKey(long n) {
        String digits = Long.toString(n);
        return KEY_PREFIX + "0".repeat(Math.max(0, 25 - digits.length())) + digits;
    }

    /** The n a record claims to be, from its UNIQ_KEY; -1 if it carries none of ours. */
    static long numberOf(RecordView record) {
        String key = record.properties().get(MessageProperties.UNIQ_KEY);
        if (key == null || !key.startsWith(KEY_PREFIX)) {
            return -1;
        }
        return Long.parseLong(key.substring(KEY_PREFIX.length()));
    }
}
