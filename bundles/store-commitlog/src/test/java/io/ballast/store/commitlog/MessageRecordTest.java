package io.ballast.store.commitlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.spi.message.Message;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageRecordTest {
    private static final InetSocketAddress STORE_HOST = new InetSocketAddress("127.0.0.1", 10911);

    static ByteBuffer stored(Message message, long queueOffset, long physicalOffset, InetSocketAddress storeHost) {
        MessageRecord.Encoded encoded = MessageRecord.encode(message, storeHost);
        ByteBuffer buffer = ByteBuffer.allocate(encoded.size());
        MessageRecord.write(buffer, encoded, queueOffset, physicalOffset, 1_800_000_000_000L, storeHost);
        assertEquals(encoded.size(), buffer.position(), "size computed = bytes written");
        return buffer.flip();
    }

    @Test
    void everyFieldSurvivesARoundTrip() {
        RandomMessages messages = new RandomMessages(7, 3000);
        for (int i = 0; i < 500; i++) {
            Message m = messages.next();
            long physical = messages.random().nextInt(Integer.MAX_VALUE);
            ByteBuffer record = stored(m, i, physical, STORE_HOST);
            RecordView view = assertInstanceOf(RecordView.Valid.class, RecordView.check(record, 0, physical)).view();
            assertEquals(m.topic(), view.topic());
            assertEquals(m.queueId(), view.queueId());
            assertEquals(m.flag(), view.flag());
            assertEquals(i, view.queueOffset());
            assertEquals(physical, view.physicalOffset());
            assertEquals(m.sysFlag(), view.sysFlag());
            assertEquals(m.bornTimestamp(), view.bornTimestamp());
            assertEquals(1_800_000_000_000L, view.storeTimestamp());
            assertEquals(m.reconsumeTimes(), view.reconsumeTimes());
            assertEquals(ByteBuffer.wrap(m.body()), view.body());
            assertEquals(m.properties(), view.properties());
        }
    }

    @Test
    void ipv4RecordWithEmptyBodyAndPropertiesHasTheDocumentedFixedSize() {
        // 91 + body + topic + properties for V1 with IPv4 hosts.
        Message m = Message.builder("T", new byte[0]).properties(Map.of()).build();
        assertEquals(91 + 1, MessageRecord.encode(m, STORE_HOST).size());
        ByteBuffer record = stored(m, 0, 0, STORE_HOST);
        assertEquals(MessageRecord.MAGIC_V1, record.getInt(4));
        assertEquals(0, record.getInt(84), "body length at byte 84 with IPv4 hosts");
    }

    @Test
    void ipv6HostsSetTheirSysFlagBitsAndWidenTheRecord() {
        InetSocketAddress v6 = new InetSocketAddress("::1", 10911);
        Message m = Message.builder("T", new byte[] {1, 2, 3}).bornHost(new InetSocketAddress("::1", 5555)).build();
        ByteBuffer record = stored(m, 0, 64, v6);
        RecordView view = assertInstanceOf(RecordView.Valid.class, RecordView.check(record, 0, 64)).view();
        assertEquals(MessageRecord.SYSFLAG_BORNHOST_V6 | MessageRecord.SYSFLAG_STOREHOST_V6, view.sysFlag() & 0x30);
        assertEquals(91 + 1 + 3 + 24, view.totalSize());
        assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), view.body());
    }

    @Test
    void topicsLongerThan127BytesUseTheV2Record() {
        String topic = "%RETRY%" + "g".repeat(130);
        ByteBuffer record = stored(Message.builder(topic, new byte[1]).build(), 0, 0, STORE_HOST);
        assertEquals(MessageRecord.MAGIC_V2, record.getInt(4));
        assertEquals(topic, assertInstanceOf(RecordView.Valid.class, RecordView.check(record, 0, 0)).view().topic());
    }

    @Test
    void offsetMessageIdEncodesHostPortAndOffset() {
        String id = MessageIds.offsetMessageId(STORE_HOST, 0x1234_5678_9AL);
        assertEquals("7F00000100002A9F000000123456789A", id);
        assertEquals(0x1234_5678_9AL, MessageIds.physicalOffset(id));
        assertEquals(56, MessageIds.offsetMessageId(new InetSocketAddress("::1", 1), 5).length());
    }

    @Test
    void aRecordWithAnyZeroedSectorIsNeverAcceptedAsAnotherRecord() {
        // What a power cut does to an unforced page: some 512-byte sectors read back as zeros.
        RandomMessages messages = new RandomMessages(11, 2500);
        int damaged = 0;
        for (int round = 0; round < 2000; round++) {
            Message m = messages.next();
            int start = messages.random().nextInt(4096);
            ByteBuffer segment = ByteBuffer.allocate(start + MessageRecord.encode(m, STORE_HOST).size() + 1024);
            ByteBuffer record = stored(m, 3, start, STORE_HOST);
            segment.put(start, record, 0, record.limit());
            ByteBuffer original = segment.duplicate();
            byte[] copy = new byte[segment.capacity()];
            original.get(0, copy);
            int sector = 512 * messages.random().nextInt(Math.max(1, (start + record.limit()) / 512 + 1));
            for (int i = sector; i < Math.min(sector + 512, segment.capacity()); i++) {
                segment.put(i, (byte) 0);
            }
            RecordView.Check check = RecordView.check(segment, start, start);
            boolean changed = false;
            for (int i = start; i < start + record.limit(); i++) {
                changed |= segment.get(i) != copy[i];
            }
            if (changed) {
                damaged++;
                assertTrue(check instanceof RecordView.Damaged || check instanceof RecordView.End,
                        "a changed record must be refused, round " + round + ": " + check);
            } else {
                assertInstanceOf(RecordView.Valid.class, check, "an untouched record is accepted");
            }
        }
        assertTrue(damaged > 500, "the test damaged enough records: " + damaged);
    }
}
