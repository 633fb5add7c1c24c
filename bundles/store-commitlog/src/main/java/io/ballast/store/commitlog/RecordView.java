package io.ballast.store.commitlog;

import static io.ballast.store.commitlog.MessageRecord.SYSFLAG_BORNHOST_V6;
import static io.ballast.store.commitlog.MessageRecord.SYSFLAG_STOREHOST_V6;

import io.ballast.spi.message.MessageProperties;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads the fields of one stored record in place (no copy of the body), and judges whether the
 * bytes are a whole, undamaged record. The view is positioned on a buffer whose position 0 is the
 * record's first byte. Not thread-safe; cheap to create.
 */
public final class RecordView {
    private final ByteBuffer record;
    private final int bodyLengthPosition;
    private final int bodyLength;
    private final int topicLengthPosition;
    private final int topicLengthSize;
    private final int topicLength;
    private final int propertiesLengthPosition;
    private final int propertiesLength;

    private RecordView(ByteBuffer record, int bodyLengthPosition, int bodyLength, int topicLengthPosition,
                       int topicLengthSize, int topicLength, int propertiesLengthPosition, int propertiesLength) {
        this.record = record;
        this.bodyLengthPosition = bodyLengthPosition;
        this.bodyLength = bodyLength;
        this.topicLengthPosition = topicLengthPosition;
        this.topicLengthSize = topicLengthSize;
        this.topicLength = topicLength;
        this.propertiesLengthPosition = propertiesLengthPosition;
        this.propertiesLength = propertiesLength;
    }

    /** The outcome of checking the bytes at a position. */
    public sealed interface Check permits Valid, Blank, End, Damaged {
    }

    /** A whole record whose structure and body CRC are right. */
    public record Valid(RecordView view) implements Check {
    }

    /** The BLANK marker: the rest of the segment is padding. */
    public record Blank(int bytesLeft) implements Check {
    }

    /** Zeros where a record would start: nothing was ever written here. */
    public record End() implements Check {
    }

    /** Something was written but it is not a whole, consistent record. */
    public record Damaged(String reason) implements Check {
    }

    /**
     * Checks the bytes of {@code segment} at {@code position}, where a record claiming commitlog
     * offset {@code physicalOffset} should start. A record is accepted only if every length is
     * consistent with TOTALSIZE, PHYSICALOFFSET names this very position, the store timestamp is
     * set, the body matches BODYCRC, and topic and properties hold no zero bytes. Why that is
     * enough after a power cut: a lost page reads as zeros, and any zeroed range of a sector or
     * more inside a record overlaps one of those checks (the unchecked header gaps are shorter
     * than a sector). A record the checks pass is therefore the record that was written.
     */
    public static Check check(ByteBuffer segment, int position, long physicalOffset) {
        int available = segment.limit() - position;
        if (available < 8) {
            return available == 0 || allZero(segment, position, available) ? new End() : new Damaged("truncated header");
        }
        int totalSize = segment.getInt(position);
        int magic = segment.getInt(position + MessageRecord.POS_MAGIC);
        if (magic == MessageRecord.BLANK_MAGIC) {
            return totalSize == available ? new Blank(totalSize) : new Damaged("BLANK marker with a wrong length " + totalSize);
        }
        if (totalSize == 0 && magic == 0) {
            return new End();
        }
        if (magic != MessageRecord.MAGIC_V1 && magic != MessageRecord.MAGIC_V2) {
            return new Damaged("bad magic " + Integer.toHexString(magic));
        }
        if (totalSize < 0 || totalSize > available) {
            return new Damaged("size " + totalSize + " past the segment end");
        }
        ByteBuffer record = segment.slice(position, totalSize);
        try {
            RecordView view = layout(record, magic == MessageRecord.MAGIC_V2);
            if (view == null) {
                return new Damaged("lengths inconsistent with size " + totalSize);
            }
            if (view.physicalOffset() != physicalOffset) {
                return new Damaged("PHYSICALOFFSET " + view.physicalOffset() + " at offset " + physicalOffset);
            }
            if (view.storeTimestamp() <= 0) {
                return new Damaged("no store timestamp");
            }
            if (MessageRecord.bodyCrc(view.body()) != record.getInt(MessageRecord.POS_BODY_CRC)) {
                return new Damaged("body CRC mismatch");
            }
            if (containsZero(record, view.topicLengthPosition + view.topicLengthSize, view.topicLength)
                    || containsZero(record, view.propertiesLengthPosition + 2, view.propertiesLength)) {
                return new Damaged("zero bytes in topic or properties");
            }
            return new Valid(view);
        } catch (IndexOutOfBoundsException e) {
            return new Damaged("lengths run past the record");
        }
    }

    /**
     * A view of a record already known to be whole (read through a consume queue), without the
     * damage checks.
     */
    public static RecordView of(ByteBuffer record) {
        RecordView view = layout(record, record.getInt(MessageRecord.POS_MAGIC) == MessageRecord.MAGIC_V2);
        if (view == null) {
            throw new IllegalStateException("not a record");
        }
        return view;
    }

    private static RecordView layout(ByteBuffer record, boolean v2) {
        int sysFlag = record.getInt(MessageRecord.POS_SYS_FLAG);
        int bodyLengthPosition = MessageRecord.POS_BORN_HOST + MessageRecord.hostLength(sysFlag, SYSFLAG_BORNHOST_V6)
                + 8 + MessageRecord.hostLength(sysFlag, SYSFLAG_STOREHOST_V6) + 4 + 8;
        int bodyLength = record.getInt(bodyLengthPosition);
        if (bodyLength < 0 || bodyLength > record.limit()) {
            return null;
        }
        int topicLengthPosition = bodyLengthPosition + 4 + bodyLength;
        int topicLengthSize = v2 ? 2 : 1;
        int topicLength = v2 ? Short.toUnsignedInt(record.getShort(topicLengthPosition)) : Byte.toUnsignedInt(record.get(topicLengthPosition));
        int propertiesLengthPosition = topicLengthPosition + topicLengthSize + topicLength;
        int propertiesLength = Short.toUnsignedInt(record.getShort(propertiesLengthPosition));
        if (propertiesLengthPosition + 2 + propertiesLength != record.limit() || topicLength == 0) {
            return null;
        }
        return new RecordView(record, bodyLengthPosition, bodyLength, topicLengthPosition, topicLengthSize, topicLength,
                propertiesLengthPosition, propertiesLength);
    }

    private static boolean allZero(ByteBuffer buffer, int position, int length) {
        return !containsNonZero(buffer, position, length);
    }

    private static boolean containsNonZero(ByteBuffer buffer, int position, int length) {
        for (int i = position; i < position + length; i++) {
            if (buffer.get(i) != 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsZero(ByteBuffer buffer, int position, int length) {
        for (int i = position; i < position + length; i++) {
            if (buffer.get(i) == 0) {
                return true;
            }
        }
        return false;
    }

    /** The whole record, read-only, position 0. */
    public ByteBuffer bytes() {
        return record.duplicate().position(0);
    }

    public int totalSize() { return record.limit(); }

    public int queueId() { return record.getInt(MessageRecord.POS_QUEUE_ID); }

    public int flag() { return record.getInt(MessageRecord.POS_FLAG); }

    public long queueOffset() { return record.getLong(MessageRecord.POS_QUEUE_OFFSET); }

    public long physicalOffset() { return record.getLong(MessageRecord.POS_PHYSICAL_OFFSET); }

    public int sysFlag() { return record.getInt(MessageRecord.POS_SYS_FLAG); }

    public long bornTimestamp() { return record.getLong(MessageRecord.POS_BORN_TIMESTAMP); }

    public long storeTimestamp() {
        return record.getLong(MessageRecord.POS_BORN_HOST + MessageRecord.hostLength(sysFlag(), SYSFLAG_BORNHOST_V6));
    }

    public int reconsumeTimes() {
        return record.getInt(bodyLengthPosition - 8 - 4);
    }

    /** The body bytes as stored, as a view. */
    public ByteBuffer body() {
        return record.slice(bodyLengthPosition + 4, bodyLength);
    }

    public String topic() {
        byte[] bytes = new byte[topicLength];
        record.get(topicLengthPosition + topicLengthSize, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public String propertiesString() {
        byte[] bytes = new byte[propertiesLength];
        record.get(propertiesLengthPosition + 2, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public Map<String, String> properties() {
        return MessageProperties.decode(propertiesString());
    }
}
