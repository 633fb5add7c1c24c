package io.ballast.broker.send;

import io.ballast.spi.message.Message;
import io.ballast.spi.message.MessageProperties;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

/**
 * One stored record decoded into the fields the broker re-uses when it writes a copy (delayed
 * delivery, send-back). The record layout, big-endian (wire format §3.1):
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
 *  ..      8 | 20    STOREHOST
 *  ..      4         RECONSUMETIMES
 *  ..      8         PREPARED TRANSACTION OFFSET
 *  ..      4 + n     BODY
 *  ..      1|2 + n   TOPIC
 *  ..      2 + n     PROPERTIES
 * </pre>
 *
 * Decoding is defensive: bytes from a damaged file or a future format fail with
 * {@link MalformedRecord}, never with a runtime exception. Immutable (the body is a copy).
 */
public record StoredMessage(String topic, int queueId, int flag, long queueOffset, long physicalOffset, int sysFlag,
                            long bornTimestamp, InetSocketAddress bornHost, long storeTimestamp,
                            byte[] storeHostAddress, int storeHostPort, int reconsumeTimes, byte[] body,
                            Map<String, String> properties) {

    static final int MAGIC_V1 = 0xDAA320A7;
    static final int MAGIC_V2 = 0xDAA320AB;
    static final int BORNHOST_V6 = 0x10;
    static final int STOREHOST_V6 = 0x20;
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    /** Bytes that are not one whole record. */
    public static final class MalformedRecord extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedRecord(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Decodes the record that starts at the buffer's position; the buffer itself is not moved. */
    public static StoredMessage decode(ByteBuffer record) throws MalformedRecord {
        ByteBuffer in = record.slice().order(ByteOrder.BIG_ENDIAN);
        try {
            int totalSize = in.getInt();
            if (totalSize < 4 || totalSize > in.capacity()) {
                throw new MalformedRecord("record claims " + totalSize + " bytes, " + in.capacity() + " are there");
            }
            in.limit(totalSize);
            int magic = in.getInt();
            if (magic != MAGIC_V1 && magic != MAGIC_V2) {
                throw new MalformedRecord("unknown magic code " + Integer.toHexString(magic));
            }
            in.getInt(); // body CRC: the store checked it
            int queueId = in.getInt();
            int flag = in.getInt();
            long queueOffset = in.getLong();
            long physicalOffset = in.getLong();
            int sysFlag = in.getInt();
            long bornTimestamp = in.getLong();
            byte[] bornAddress = bytes(in, (sysFlag & BORNHOST_V6) != 0 ? 16 : 4);
            int bornPort = in.getInt();
            long storeTimestamp = in.getLong();
            byte[] storeAddress = bytes(in, (sysFlag & STOREHOST_V6) != 0 ? 16 : 4);
            int storePort = in.getInt();
            int reconsumeTimes = in.getInt();
            in.getLong(); // prepared transaction offset
            byte[] body = bytes(in, in.getInt());
            int topicLength = magic == MAGIC_V1 ? in.get() & 0xFF : in.getShort() & 0xFFFF;
            String topic = new String(bytes(in, topicLength), StandardCharsets.UTF_8);
            String properties = new String(bytes(in, in.getShort() & 0xFFFF), StandardCharsets.UTF_8);
            return new StoredMessage(topic, queueId, flag, queueOffset, physicalOffset, sysFlag, bornTimestamp,
                    host(bornAddress, bornPort), storeTimestamp, storeAddress, storePort, reconsumeTimes, body,
                    MessageProperties.decode(properties));
        } catch (BufferUnderflowException e) {
            throw new MalformedRecord("record ends inside a field");
        }
    }

    private static byte[] bytes(ByteBuffer in, int length) throws MalformedRecord {
        if (length < 0 || length > in.remaining()) {
            throw new MalformedRecord("a length of " + length + " overruns the record (" + in.remaining() + " bytes left)");
        }
        byte[] out = new byte[length];
        in.get(out);
        return out;
    }

    private static InetSocketAddress host(byte[] address, int port) throws MalformedRecord {
        if (port < 0 || port > 0xFFFF) {
            throw new MalformedRecord("port " + port + " is out of range");
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), port); // no name lookup
        } catch (UnknownHostException e) {
            throw new MalformedRecord("bad host address");
        }
    }

    /** RocketMQ's offset message id of this record: store host, port, physical offset in hex. */
    public String offsetMessageId() {
        ByteBuffer id = ByteBuffer.allocate(storeHostAddress.length + 12);
        id.put(storeHostAddress).putInt(storeHostPort).putLong(physicalOffset);
        return HEX.formatHex(id.array());
    }

    /**
     * A message to store again with this one's body, flag, born time and host, reconsume count
     * and properties; the caller sets topic, queue and what changes. The IPv6 host bits are left
     * to the store, which sets them from the addresses it writes.
     */
    public Message.Builder copy() {
        return Message.builder(topic, body).queueId(queueId).flag(flag)
                .sysFlag(sysFlag & ~(BORNHOST_V6 | STOREHOST_V6)).bornTimestamp(bornTimestamp).bornHost(bornHost)
                .reconsumeTimes(reconsumeTimes).properties(properties);
    }
}
