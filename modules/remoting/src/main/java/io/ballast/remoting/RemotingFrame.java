package io.ballast.remoting;

/**
 * The remoting frame on the TCP stream (wire format §1.1), big-endian:
 *
 * <pre>
 * +--------------+--------------------------------+----------------------+----------------+
 * | frameLength  | headerEncoding | headerLength  | header               | body           |
 * | int          | 1 byte         | 3 bytes       | headerLength bytes   | the rest       |
 * +--------------+--------------------------------+----------------------+----------------+
 *                 \______________ frameLength bytes (does not count its own 4) ___________/
 * </pre>
 *
 * No magic, version or checksum; the body has no length of its own. A frame, its length field
 * included, is at most {@link #MAX_FRAME_LENGTH}, as both upstream client and server enforce.
 */
final class RemotingFrame {

    /** 16 MiB including the 4-byte length field (upstream {@code com.rocketmq.remoting.frameMaxLength}). */
    static final int MAX_FRAME_LENGTH = 16 * 1024 * 1024;
    static final int LENGTH_FIELD_LENGTH = 4;
    /** The int after the length: encoding in the high byte, header length in the low three. */
    static final int HEADER_MARK_LENGTH = 4;
    static final int MAX_HEADER_LENGTH = 0xFF_FFFF;

    private RemotingFrame() {
    }

    static int headerMark(HeaderEncoding encoding, int headerLength) {
        return encoding.typeByte() << 24 | headerLength;
    }

    static int typeByteOf(int headerMark) {
        return headerMark >>> 24;
    }

    static int headerLengthOf(int headerMark) {
        return headerMark & MAX_HEADER_LENGTH;
    }
}
