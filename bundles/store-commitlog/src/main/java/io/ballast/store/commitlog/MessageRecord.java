package io.ballast.store.commitlog;

import io.ballast.spi.message.Message;
import io.ballast.spi.message.MessageProperties;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * RocketMQ's stored message record, which is also the pull response's wire format. Big-endian.
 *
 * <pre>
 *  offset  size      field
 *  0       4         TOTALSIZE             whole record, this field included
 *  4       4         MAGICCODE             0xDAA320A7 (V1, 1-byte topic length) or 0xDAA320AB (V2, 2-byte)
 *  8       4         BODYCRC               CRC32(body) &amp; 0x7FFFFFFF
 *  12      4         QUEUEID
 *  16      4         FLAG                  the producer's flag
 *  20      8         QUEUEOFFSET           offset in its consume queue
 *  28      8         PHYSICALOFFSET        commitlog offset of byte 0 of this record
 *  36      4         SYSFLAG               0x10: born host IPv6, 0x20: store host IPv6
 *  40      8         BORNTIMESTAMP
 *  48      8 | 20    BORNHOST              address (4 | 16) + int port
 *  56*     8         STORETIMESTAMP
 *  64*     8 | 20    STOREHOST
 *  72*     4         RECONSUMETIMES
 *  76*     8         PREPARED TRANSACTION OFFSET
 *  84*     4 + n     BODY                  length, bytes
 *  ...     1|2 + n   TOPIC                 length (byte for V1, short for V2), UTF-8
 *  ...     2 + n     PROPERTIES            length (short, at most 32767), UTF-8 (see MessageProperties)
 *  (* with IPv4 hosts; each IPv6 host shifts what follows by 12)
 * </pre>
 *
 * A segment's unused tail starts with an 8-byte BLANK marker: int bytes left, int 0xCBD43194.
 * Stateless and thread-safe.
 */
public final class MessageRecord {
    public static final int MAGIC_V1 = 0xDAA320A7;
    public static final int MAGIC_V2 = 0xDAA320AB;
    public static final int BLANK_MAGIC = 0xCBD43194;
    public static final int BLANK_SIZE = 8;

    static final int POS_TOTAL_SIZE = 0;
    static final int POS_MAGIC = 4;
    static final int POS_BODY_CRC = 8;
    static final int POS_QUEUE_ID = 12;
    static final int POS_FLAG = 16;
    static final int POS_QUEUE_OFFSET = 20;
    static final int POS_PHYSICAL_OFFSET = 28;
    static final int POS_SYS_FLAG = 36;
    static final int POS_BORN_TIMESTAMP = 40;
    static final int POS_BORN_HOST = 48;

    public static final int SYSFLAG_BORNHOST_V6 = 0x10;
    public static final int SYSFLAG_STOREHOST_V6 = 0x20;

    public static final int MAX_PROPERTIES_LENGTH = Short.MAX_VALUE;
    /** Topics longer than this need the V2 record, which 4.9.x clients cannot read. */
    public static final int MAX_V1_TOPIC_LENGTH = 127;

    private MessageRecord() {
    }

    /** A message's variable parts, encoded once so size and bytes agree. */
    public record Encoded(Message message, byte[] topic, byte[] properties, int sysFlag, int size) {
    }

    /**
     * Prepares a message for appending. The sysFlag gets the IPv6 bits from the addresses, as
     * RocketMQ's broker sets them; everything else is the producer's.
     *
     * @throws IllegalArgumentException if the properties or topic are too long for the layout
     */
    public static Encoded encode(Message message, InetSocketAddress storeHost) {
        byte[] topic = message.topic().getBytes(StandardCharsets.UTF_8);
        byte[] properties = MessageProperties.encode(message.properties()).getBytes(StandardCharsets.UTF_8);
        if (properties.length > MAX_PROPERTIES_LENGTH) {
            throw new IllegalArgumentException("properties are " + properties.length + " bytes; at most " + MAX_PROPERTIES_LENGTH);
        }
        if (topic.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("topic is " + topic.length + " bytes long");
        }
        int sysFlag = message.sysFlag() & ~(SYSFLAG_BORNHOST_V6 | SYSFLAG_STOREHOST_V6);
        if (isV6(message.bornHost())) {
            sysFlag |= SYSFLAG_BORNHOST_V6;
        }
        if (isV6(storeHost)) {
            sysFlag |= SYSFLAG_STOREHOST_V6;
        }
        int size = 4 + 4 + 4 + 4 + 4 + 8 + 8 + 4 + 8
                + hostLength(sysFlag, SYSFLAG_BORNHOST_V6) + 8 + hostLength(sysFlag, SYSFLAG_STOREHOST_V6)
                + 4 + 8 + 4 + message.body().length
                + (topic.length > MAX_V1_TOPIC_LENGTH ? 2 : 1) + topic.length
                + 2 + properties.length;
        return new Encoded(message, topic, properties, sysFlag, size);
    }

    /**
     * Writes the record at the buffer's position (which advances by {@code encoded.size()}).
     */
    public static void write(ByteBuffer out, Encoded encoded, long queueOffset, long physicalOffset,
                             long storeTimestamp, InetSocketAddress storeHost) {
        Message m = encoded.message();
        boolean v2 = encoded.topic().length > MAX_V1_TOPIC_LENGTH;
        out.putInt(encoded.size());
        out.putInt(v2 ? MAGIC_V2 : MAGIC_V1);
        out.putInt(bodyCrc(m.body()));
        out.putInt(m.queueId());
        out.putInt(m.flag());
        out.putLong(queueOffset);
        out.putLong(physicalOffset);
        out.putInt(encoded.sysFlag());
        out.putLong(m.bornTimestamp());
        putHost(out, m.bornHost());
        out.putLong(storeTimestamp);
        putHost(out, storeHost);
        out.putInt(m.reconsumeTimes());
        out.putLong(0L); // prepared transaction offset: transactions are not stored yet
        out.putInt(m.body().length);
        out.put(m.body());
        if (v2) {
            out.putShort((short) encoded.topic().length);
        } else {
            out.put((byte) encoded.topic().length);
        }
        out.put(encoded.topic());
        out.putShort((short) encoded.properties().length);
        out.put(encoded.properties());
    }

    /** Writes the BLANK marker that closes a segment. */
    public static void writeBlank(ByteBuffer out, int bytesLeft) {
        out.putInt(bytesLeft);
        out.putInt(BLANK_MAGIC);
    }

    public static int bodyCrc(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }

    static int bodyCrc(ByteBuffer body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }

    static int hostLength(int sysFlag, int v6Bit) {
        return (sysFlag & v6Bit) != 0 ? 16 + 4 : 4 + 4;
    }

    private static boolean isV6(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address;
    }

    private static void putHost(ByteBuffer out, InetSocketAddress host) {
        out.put(host.getAddress().getAddress());
        out.putInt(host.getPort());
    }
}
