package io.ballast.dedup;

import io.ballast.spi.message.Message;
import io.ballast.spi.message.MessageProperties;
import io.ballast.spi.store.RecordFields;

/**
 * What makes two stored messages copies of one another: the same UNIQ_KEY, sent to the same
 * topic, at the same reconsume count. The topic is the real one (a delayed message is parked
 * under the schedule topic with its real topic in REAL_TOPIC), and the reconsume count keeps the
 * successive retry copies of one message apart: they share the UNIQ_KEY on purpose.
 *
 * <p>Kept as a 128-bit hash (two 64-bit lanes) so a window entry needs no String: two different
 * identities collide with a probability near n²/2¹²⁹, about 10⁻²⁷ for a million keys.
 *
 * @param high the first 64 bits
 * @param low  the second 64 bits; also the index's home slot
 */
record DedupIdentity(long high, long low) {
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    /** The identity of a message about to be sent; null without a UNIQ_KEY. */
    static DedupIdentity of(Message message) {
        String key = message.uniqueKey();
        return key == null ? null : of(realTopic(message.topic(), message.property(MessageProperties.REAL_TOPIC)),
                message.reconsumeTimes(), key);
    }

    /** The identity of a stored record; null without a UNIQ_KEY. */
    static DedupIdentity of(RecordFields record) {
        String key = record.uniqueKey();
        return key == null ? null : of(realTopic(record.topic(), record.properties().get(MessageProperties.REAL_TOPIC)),
                record.reconsumeTimes(), key);
    }

    static DedupIdentity of(String topic, int reconsumeTimes, String uniqueKey) {
        long h1 = 0x9E3779B97F4A7C15L;
        long h2 = 0xC2B2AE3D27D4EB4FL;
        long[] lanes = {h1, h2};
        mix(lanes, topic);
        mix(lanes, reconsumeTimes);
        mix(lanes, uniqueKey);
        h1 = lanes[0] + lanes[1];
        h2 = lanes[1] + h1;
        return new DedupIdentity(fmix(h1), fmix(h2));
    }

    private static void mix(long[] lanes, String text) {
        mix(lanes, text.length());
        for (int i = 0; i < text.length(); i++) {
            mix(lanes, text.charAt(i));
        }
    }

    private static void mix(long[] lanes, int value) {
        long k1 = value * C1;
        long k2 = (value ^ 0x5bd1e995L) * C2;
        lanes[0] = Long.rotateLeft(lanes[0] ^ Long.rotateLeft(k1, 31) * C2, 27) * 5 + 0x52dce729;
        lanes[1] = Long.rotateLeft(lanes[1] ^ Long.rotateLeft(k2, 33) * C1, 31) * 5 + 0x38495ab5;
    }

    /** MurmurHash3's 64-bit finaliser: every input bit reaches every output bit. */
    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    private static String realTopic(String topic, String realTopic) {
        return realTopic != null && !realTopic.isEmpty() ? realTopic : topic;
    }

    /** Whether a record stored under {@code topic} is parked (delayed) rather than in its real topic. */
    static boolean parked(String topic, String realTopic) {
        return realTopic != null && !realTopic.isEmpty() && !realTopic.equals(topic);
    }
}
