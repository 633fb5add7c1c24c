package io.ballast.spi.store;

import io.ballast.spi.message.MessageProperties;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The fields of a {@link StoredRecord}'s bytes that plugins look at (dedup reads topic, queue,
 * store time and UNIQ_KEY), read without copying the body. RocketMQ's commitlog record layout,
 * big-endian:
 *
 * <pre>
 *  offset  size      field
 *  0       4         TOTALSIZE
 *  4       4         MAGICCODE         0xDAA320A7 (V1: 1-byte topic length) | 0xDAA320AB (V2: 2-byte)
 *  8       4         BODYCRC
 *  12      4         QUEUEID
 *  16      4         FLAG
 *  20      8         QUEUEOFFSET
 *  28      8         PHYSICALOFFSET
 *  36      4         SYSFLAG           0x10 born host IPv6, 0x20 store host IPv6
 *  40      8         BORNTIMESTAMP
 *  48      8 | 20    BORNHOST          address (4 | 16) + int port
 *  ..      8         STORETIMESTAMP
 *  ..      8 | 20    STOREHOST         address (4 | 16) + int port
 *  ..      4         RECONSUMETIMES
 *  ..      8         PREPARED TRANSACTION OFFSET
 *  ..      4 + n     BODY
 *  ..      1|2 + n   TOPIC
 *  ..      2 + n     PROPERTIES
 * </pre>
 *
 * @param totalSize      the record's length in bytes
 * @param queueId        the queue it was stored in
 * @param queueOffset    its consume-queue offset
 * @param physicalOffset its commitlog offset
 * @param storeTimestamp broker clock at append, ms
 * @param storeHost      the store host's address and port bytes (8 or 20), as in an offset msgId
 * @param reconsumeTimes how often it was consumed and sent back before
 * @param topic          the topic it was stored under
 * @param properties     its properties
 * @since 1.1
 */
public record RecordFields(int totalSize, int queueId, long queueOffset, long physicalOffset, long storeTimestamp,
                           byte[] storeHost, int reconsumeTimes, String topic, Map<String, String> properties) {
    private static final int MAGIC_V1 = 0xDAA320A7;
    private static final int MAGIC_V2 = 0xDAA320AB;
    private static final int BORNHOST_V6 = 0x10;
    private static final int STOREHOST_V6 = 0x20;

    /** The fields of the record at the buffer's position (the buffer is not moved); empty if the bytes are no record. */
    public static Optional<RecordFields> of(ByteBuffer record) {
        ByteBuffer in = record.slice().order(ByteOrder.BIG_ENDIAN);
        try {
            int totalSize = in.getInt();
            int magic = in.getInt();
            if (totalSize < 4 || totalSize > in.capacity() || (magic != MAGIC_V1 && magic != MAGIC_V2)) {
                return Optional.empty();
            }
            in.limit(totalSize);
            in.position(12);
            int queueId = in.getInt();
            in.position(20);
            long queueOffset = in.getLong();
            long physicalOffset = in.getLong();
            int sysFlag = in.getInt();
            in.position(48 + ((sysFlag & BORNHOST_V6) != 0 ? 20 : 8));
            long storeTimestamp = in.getLong();
            byte[] storeHost = new byte[(sysFlag & STOREHOST_V6) != 0 ? 20 : 8];
            in.get(storeHost);
            int reconsumeTimes = in.getInt();
            in.getLong();
            int bodyLength = in.getInt();
            if (bodyLength < 0 || bodyLength > in.remaining()) {
                return Optional.empty();
            }
            in.position(in.position() + bodyLength);
            String topic = text(in, magic == MAGIC_V1 ? in.get() & 0xFF : in.getShort() & 0xFFFF);
            String properties = text(in, in.getShort() & 0xFFFF);
            return Optional.of(new RecordFields(totalSize, queueId, queueOffset, physicalOffset, storeTimestamp,
                    storeHost, reconsumeTimes, topic, MessageProperties.decode(properties)));
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String text(ByteBuffer in, int length) {
        byte[] bytes = new byte[length];
        in.get(bytes); // underflows on a length past the record's end
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The client's message id, or null. */
    public String uniqueKey() {
        return properties.get(MessageProperties.UNIQ_KEY);
    }
}
