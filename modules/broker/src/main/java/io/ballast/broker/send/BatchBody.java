package io.ballast.broker.send;

import io.ballast.remoting.RequestException;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.spi.message.MessageProperties;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The body of SEND_BATCH_MESSAGE (320): the client's messages one after another, big-endian
 * (wire format §2.3):
 *
 * <pre>
 *  size    field
 *  4       TOTALSIZE        this record's length, this field included
 *  4       MAGICCODE        0 from the client; not checked
 *  4       BODYCRC          0 from the client; not checked
 *  4       FLAG             the message's user flag
 *  4 + n   BODY             length, bytes
 *  2 + n   PROPERTIES       length, UTF-8 properties string (its own UNIQ_KEY, TAGS, KEYS…)
 * </pre>
 *
 * Every length is checked against what remains (of the body and of the record) before it is
 * used, so a truncated or random body is refused with MESSAGE_ILLEGAL and a remark, never with an
 * exception. Stateless.
 */
public final class BatchBody {
    private static final int FIXED = 4 + 4 + 4 + 4 + 4 + 2;

    /** One message of a batch. */
    public record Entry(int flag, byte[] body, Map<String, String> properties) {
    }

    private BatchBody() {
    }

    public static List<Entry> decode(ByteBuffer batch) throws RequestException {
        ByteBuffer in = batch.slice();
        List<Entry> entries = new ArrayList<>();
        while (in.hasRemaining()) {
            int start = in.position();
            int index = entries.size();
            if (in.remaining() < FIXED) {
                throw illegal(index, "only " + in.remaining() + " bytes left, a record needs at least " + FIXED);
            }
            int totalSize = in.getInt();
            if (totalSize < FIXED || totalSize > in.remaining() + 4) {
                throw illegal(index, "record size " + totalSize + " does not fit the " + (in.remaining() + 4) + " bytes left");
            }
            int end = start + totalSize;
            in.getInt(); // magic
            in.getInt(); // body CRC
            int flag = in.getInt();
            int bodyLength = in.getInt();
            if (bodyLength < 0 || bodyLength > end - in.position() - 2) {
                throw illegal(index, "body length " + bodyLength + " overruns the record");
            }
            byte[] body = new byte[bodyLength];
            in.get(body);
            int propertiesLength = in.getShort() & 0xFFFF;
            if (propertiesLength != end - in.position()) {
                throw illegal(index, "properties length " + propertiesLength + " does not end the record of " + totalSize + " bytes");
            }
            byte[] properties = new byte[propertiesLength];
            in.get(properties);
            entries.add(new Entry(flag, body, MessageProperties.decode(new String(properties, StandardCharsets.UTF_8))));
        }
        if (entries.isEmpty()) {
            throw new RequestException(ResponseCode.MESSAGE_ILLEGAL, "the batch holds no message");
        }
        return entries;
    }

    private static RequestException illegal(int index, String reason) {
        return new RequestException(ResponseCode.MESSAGE_ILLEGAL, "batch message " + index + " is malformed: " + reason);
    }
}
