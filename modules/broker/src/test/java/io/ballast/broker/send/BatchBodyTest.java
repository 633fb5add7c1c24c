package io.ballast.broker.send;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ballast.remoting.RequestException;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.spi.message.MessageProperties;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchBodyTest {

    /** One record as the client's MessageDecoder.encodeMessage writes it. */
    static byte[] record(int flag, String body, Map<String, String> properties) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        byte[] p = MessageProperties.encode(properties).getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(4 + 4 + 4 + 4 + 4 + b.length + 2 + p.length);
        out.putInt(out.capacity()).putInt(0).putInt(0).putInt(flag).putInt(b.length).put(b).putShort((short) p.length).put(p);
        return out.array();
    }

    static byte[] batch(byte[]... records) {
        ByteBuffer out = ByteBuffer.allocate(java.util.Arrays.stream(records).mapToInt(r -> r.length).sum());
        for (byte[] r : records) {
            out.put(r);
        }
        return out.array();
    }

    @Test
    void aWellFormedBatchDecodesToItsMessagesInOrder() throws Exception {
        byte[] body = batch(record(1, "one", Map.of("UNIQ_KEY", "A", "TAGS", "t")), record(2, "", Map.of()), record(3, "three", Map.of("KEYS", "k")));
        List<BatchBody.Entry> entries = BatchBody.decode(ByteBuffer.wrap(body));

        assertEquals(3, entries.size());
        assertEquals(1, entries.get(0).flag());
        assertArrayEquals("one".getBytes(), entries.get(0).body());
        assertEquals("A", entries.get(0).properties().get("UNIQ_KEY"));
        assertEquals(0, entries.get(1).body().length);
        assertEquals("k", entries.get(2).properties().get("KEYS"));
    }

    @Test
    void everyTruncationInsideARecordIsMessageIllegalNeverAnotherException() throws Exception {
        byte[] first = record(1, "one", Map.of("UNIQ_KEY", "A"));
        byte[] body = batch(first, record(2, "two", Map.of("TAGS", "x")));
        // Cut at the record boundary, the body is a well-formed batch of one.
        assertEquals(1, BatchBody.decode(ByteBuffer.wrap(body, 0, first.length)).size());
        for (int length = 0; length < body.length; length++) {
            if (length == first.length) {
                continue;
            }
            ByteBuffer truncated = ByteBuffer.wrap(body, 0, length);
            RequestException e = assertThrows(RequestException.class, () -> BatchBody.decode(truncated), "length " + length);
            assertEquals(ResponseCode.MESSAGE_ILLEGAL, e.responseCode());
        }
    }

    @Test
    void randomAndBitFlippedBodiesNeverEscapeAsRuntimeExceptions() {
        Random random = new Random(42);
        byte[] good = batch(record(1, "one", Map.of("UNIQ_KEY", "A")), record(2, "two", Map.of("TAGS", "x")));
        for (int i = 0; i < 20_000; i++) {
            byte[] body;
            if (i % 2 == 0) {
                body = new byte[random.nextInt(200)];
                random.nextBytes(body);
            } else {
                body = good.clone();
                body[random.nextInt(body.length)] ^= (byte) (1 << random.nextInt(8));
            }
            try {
                BatchBody.decode(ByteBuffer.wrap(body));
            } catch (RequestException e) {
                assertEquals(ResponseCode.MESSAGE_ILLEGAL, e.responseCode());
            }
        }
    }
}
