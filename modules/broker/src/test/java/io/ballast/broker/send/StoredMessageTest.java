package io.ballast.broker.send;

import static io.ballast.broker.BrokerFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.broker.BrokerFixture;
import io.ballast.spi.message.Message;
import io.ballast.spi.store.AppendResult;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoredMessageTest {
    @TempDir
    Path dir;

    private byte[] storedRecord(String topic) throws Exception {
        try (BrokerFixture broker = BrokerFixture.open(dir)) {
            Message message = Message.builder(topic, "payload".getBytes()).queueId(1).flag(9).sysFlag(0)
                    .bornTimestamp(1234).bornHost(new InetSocketAddress("10.0.0.7", 4242)).reconsumeTimes(2)
                    .properties(Map.of("UNIQ_KEY", "U1", "TAGS", "blue")).build();
            AppendResult result = broker.store().append(message);
            assertTrue(eventually(() -> broker.store().recordAt(result.physicalOffset()).isPresent()));
            ByteBuffer bytes = broker.store().recordAt(result.physicalOffset()).orElseThrow().bytes();
            byte[] copy = new byte[bytes.remaining()];
            bytes.duplicate().get(copy);
            return copy;
        }
    }

    @Test
    void aStoredRecordDecodesToTheFieldsThatWereAppended() throws Exception {
        StoredMessage m = StoredMessage.decode(ByteBuffer.wrap(storedRecord("topic-a")));
        assertEquals("topic-a", m.topic());
        assertEquals(1, m.queueId());
        assertEquals(9, m.flag());
        assertEquals(1234, m.bornTimestamp());
        assertEquals(new InetSocketAddress("10.0.0.7", 4242), m.bornHost());
        assertEquals(2, m.reconsumeTimes());
        assertArrayEquals("payload".getBytes(), m.body());
        assertEquals("blue", m.properties().get("TAGS"));
        assertEquals(32, m.offsetMessageId().length());
        assertTrue(m.storeTimestamp() > 0);
    }

    @Test
    void truncatedRandomAndBitFlippedRecordsFailOnlyAsMalformed() throws Exception {
        byte[] good = storedRecord("topic-b");
        for (int length = 0; length < good.length; length++) {
            int l = length;
            assertThrows(StoredMessage.MalformedRecord.class, () -> StoredMessage.decode(ByteBuffer.wrap(good, 0, l)));
        }
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = good.clone();
            if (i % 2 == 0) {
                random.nextBytes(bytes);
            } else {
                bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
            }
            try {
                StoredMessage.decode(ByteBuffer.wrap(bytes));
            } catch (StoredMessage.MalformedRecord expected) {
                // the only way a bad record may fail
            }
        }
    }
}
