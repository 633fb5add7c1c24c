package io.ballast.store;

import io.ballast.spi.message.Message;
import io.ballast.spi.message.MessageProperties;
import io.ballast.spi.store.ReadResult;
import io.ballast.spi.store.StoredRecord;
import io.ballast.store.commitlog.RecordView;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small stores and recognisable messages for store tests. */
final class StoreFixtures {
    static final InetSocketAddress STORE_HOST = new InetSocketAddress("127.0.0.1", 10911);

    private StoreFixtures() {
    }

    /** Segments of 64 KiB, 1,000 queue entries per file, a small index: many boundaries, little memory. */
    static StoreSettings small(Path root) {
        return new StoreSettings(root, 64 * 1024, 1000, 8 * 1024, STORE_HOST, Duration.ofHours(72), 99, 1009, 4000);
    }

    /** Message {@code n} of a test: its body is derived from n, so a reader can check every byte. */
    static Message message(String topic, int queueId, int n, Random random) {
        byte[] body = body(n, random.nextInt(3000));
        return Message.builder(topic, body)
                .queueId(queueId)
                .bornTimestamp(1_700_000_000_000L + n)
                .properties(Map.of(MessageProperties.UNIQ_KEY, uniqueKey(n), MessageProperties.KEYS, "n-" + n,
                        MessageProperties.TAGS, "t" + (n % 3)))
                .build();
    }

    static String uniqueKey(int n) {
        return String.format("BA11A57%025d", n);
    }

    static byte[] body(int n, int length) {
        byte[] body = new byte[length];
        new Random(n).nextBytes(body);
        return body;
    }

    /** The n a stored record was made from, after checking its body is exactly message n's. */
    static int verify(StoredRecord stored) {
        RecordView view = RecordView.of(stored.bytes());
        String key = view.properties().get(MessageProperties.UNIQ_KEY);
        int n = Integer.parseInt(key.substring(7));
        ByteBuffer expected = ByteBuffer.wrap(body(n, view.body().remaining()));
        if (!expected.equals(view.body())) {
            throw new AssertionError("record for message " + n + " has a different body");
        }
        if (view.queueOffset() != stored.queueOffset()) {
            throw new AssertionError("record says queue offset " + view.queueOffset() + ", read at " + stored.queueOffset());
        }
        return n;
    }

    /** Every record of a queue from its min offset, in order. */
    static List<StoredRecord> readAll(CommitLogStore store, String topic, int queueId) {
        List<StoredRecord> all = new ArrayList<>();
        long offset = store.minQueueOffset(topic, queueId);
        while (true) {
            ReadResult result = store.read(topic, queueId, offset, 32, 1 << 20);
            if (result.status() != ReadResult.Status.FOUND) {
                return all;
            }
            all.addAll(result.records());
            offset = result.nextQueueOffset();
        }
    }
}
