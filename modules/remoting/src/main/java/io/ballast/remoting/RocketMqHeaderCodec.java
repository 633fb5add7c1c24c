package io.ballast.remoting;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The ROCKETMQ binary header (wire format §1.4), big-endian:
 *
 * <pre>
 * +-------+------+---------+--------+------+------------+--------------+------------+----------------+
 * | code  | lang | version | opaque | flag | remarkLen  | remark       | extLen     | extFields      |
 * | short | byte | short   | int    | int  | int (0=none)| remarkLen B | int        | extLen bytes   |
 * +-------+------+---------+--------+------+------------+--------------+------------+----------------+
 * extFields entry: short keyLen, key bytes, int valueLen, value bytes (UTF-8)
 * </pre>
 *
 * Every length is checked against what is left of the header before anything is read or
 * allocated, so a hostile length costs nothing. A zero-length remark or value reads as absent
 * (upstream reads it as null), so an empty remark or value does not survive a round trip; upstream
 * treats null and absent alike. code and version are shorts here: a command whose code or version
 * does not fit cannot be written in this encoding. Thread-safe.
 */
final class RocketMqHeaderCodec implements HeaderCodec {

    /** code + language + version + opaque + flag + remark length + extFields length. */
    static final int FIXED_LENGTH = 2 + 1 + 2 + 4 + 4 + 4 + 4;

    @Override
    public void encode(RemotingCommand command, ByteBuf out) {
        out.writeShort(asShort(command.code(), "code"));
        out.writeByte(command.language().code());
        out.writeShort(asShort(command.version(), "version"));
        out.writeInt(command.opaque());
        out.writeInt(command.flag());
        if (command.remark() == null) {
            out.writeInt(0);
        } else {
            int lengthAt = out.writerIndex();
            out.writeInt(0);
            out.setInt(lengthAt, out.writeCharSequence(command.remark(), StandardCharsets.UTF_8));
        }
        int mapLengthAt = out.writerIndex();
        out.writeInt(0);
        int mapStart = out.writerIndex();
        for (Map.Entry<String, String> field : command.extFields().entrySet()) {
            int keyLengthAt = out.writerIndex();
            out.writeShort(0);
            int keyLength = out.writeCharSequence(field.getKey(), StandardCharsets.UTF_8);
            out.setShort(keyLengthAt, asShort(keyLength, "extFields key length"));
            int valueLengthAt = out.writerIndex();
            out.writeInt(0);
            out.setInt(valueLengthAt, out.writeCharSequence(field.getValue(), StandardCharsets.UTF_8));
        }
        out.setInt(mapLengthAt, out.writerIndex() - mapStart);
    }

    @Override
    public RemotingCommand.Builder decode(ByteBuf header) throws HeaderDecodingException {
        if (header.readableBytes() < FIXED_LENGTH) {
            throw new HeaderDecodingException("binary header of " + header.readableBytes()
                    + " bytes is shorter than its fixed " + FIXED_LENGTH);
        }
        RemotingCommand.Builder command = RemotingCommand.builder()
                .code(header.readShort())
                .language(LanguageCode.ofCode(header.readByte()))
                .version(header.readShort())
                .opaque(header.readInt())
                .flag(header.readInt());
        int remarkLength = lengthWithin(header, header.readInt(), "remark");
        if (remarkLength > 0) {
            command.remark(header.readCharSequence(remarkLength, StandardCharsets.UTF_8).toString());
        }
        int mapLength = lengthWithin(header, header.readInt(), "extFields");
        ByteBuf map = header.readSlice(mapLength);
        while (map.isReadable()) {
            if (map.readableBytes() < 2) {
                throw new HeaderDecodingException("extFields entry cut inside its key length");
            }
            String key = readString(map, map.readShort(), "extFields key");
            if (map.readableBytes() < 4) {
                throw new HeaderDecodingException("extFields entry cut inside its value length");
            }
            String value = readString(map, map.readInt(), "extFields value");
            if (!key.isEmpty() && !value.isEmpty()) {
                command.extField(key, value);
            }
        }
        if (header.isReadable()) {
            throw new HeaderDecodingException(header.readableBytes() + " bytes after the binary header's fields");
        }
        return command;
    }

    private static String readString(ByteBuf in, int length, String what) throws HeaderDecodingException {
        return in.readCharSequence(lengthWithin(in, length, what), StandardCharsets.UTF_8).toString();
    }

    private static int lengthWithin(ByteBuf in, int length, String what) throws HeaderDecodingException {
        if (length < 0 || length > in.readableBytes()) {
            throw new HeaderDecodingException(what + " length " + length + " outside the "
                    + in.readableBytes() + " bytes left of the header");
        }
        return length;
    }

    private static short asShort(int value, String what) {
        if (value < Short.MIN_VALUE || value > Short.MAX_VALUE) {
            throw new IllegalArgumentException(what + " " + value + " does not fit the ROCKETMQ header's short");
        }
        return (short) value;
    }
}
