package io.ballast.ha.link;

import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The replication link's byte stream: RocketMQ's classic HA stream (wire-format §5.2) behind an
 * authenticating handshake. One TCP connection per slave, slave → master's {@code haListenPort};
 * every integer is big-endian.
 *
 * <pre>
 * master → slave  NONCE    16 bytes, random per connection
 * slave  → master HELLO    int   magic 0x42484131 ("BHA1")
 *                          int   length of what follows, ≤ 4096
 *                          short n + n bytes UTF-8   cluster name      ┐
 *                          short n + n bytes UTF-8   broker name       │ MAC input, after the nonce
 *                          long  broker id (≥ 1)                       ┘
 *                          long  max offset of the slave's log
 *                          byte  block count (0..8), then per block, ascending, contiguous,
 *                                ending at max offset: long start, int length (≤ 4096), int CRC32
 *                          32 bytes HMAC-SHA256(haAuthSecret, nonce ‖ the three fields marked)
 * master → slave  VERDICT  int kind, long offset; the master closes after any but STREAM
 *                            1 = STREAM   from offset
 *                            2 = TRUNCATE to offset (the slave's tail diverged); the slave says hello again
 *                            3 = RESEED   the slave is behind retention: it empties its log and says
 *                                         hello again (empty), to be streamed from offset, the
 *                                         master's earliest retained offset
 *                          (a refused hello gets no verdict: the master just closes)
 * after STREAM:
 * master → slave  CHUNK    long phyOffset, int size, size bytes of commitlog from phyOffset
 *                          (size ≤ haTransferBatchSize, never crossing a segment end; size 0 = heartbeat)
 * slave  → master REPORT   long max offset: the slave holds every byte below it
 * </pre>
 *
 * Stateless; the read methods block until the whole item arrived or the peer closed.
 */
final class LinkProtocol {
    static final int NONCE_BYTES = 16;
    static final int HELLO_MAGIC = 0x42484131;
    static final int MAX_HELLO_BYTES = 4096;
    static final int MAX_BLOCKS = 8;
    static final int MAC_BYTES = 32;
    static final int VERDICT_STREAM = 1;
    static final int VERDICT_TRUNCATE = 2;
    static final int VERDICT_RESEED = 3;
    static final int CHUNK_HEADER_BYTES = 12;
    static final int REPORT_BYTES = 8;

    private LinkProtocol() {
    }

    /** The identity fields the MAC covers, as they appear in the hello. */
    static ByteBuffer identity(String cluster, String brokerName, long brokerId) {
        byte[] c = cluster.getBytes(StandardCharsets.UTF_8);
        byte[] b = brokerName.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(2 + c.length + 2 + b.length + 8);
        buf.putShort((short) c.length).put(c).putShort((short) b.length).put(b).putLong(brokerId);
        return buf.flip();
    }

    static ByteBuffer encodeHello(SlaveHello hello) {
        ByteBuffer id = identity(hello.cluster(), hello.brokerName(), hello.brokerId());
        int length = id.remaining() + 8 + 1 + hello.blocks().size() * 16 + MAC_BYTES;
        ByteBuffer buf = ByteBuffer.allocate(8 + length);
        buf.putInt(HELLO_MAGIC).putInt(length).put(id).putLong(hello.maxOffset()).put((byte) hello.blocks().size());
        for (LogBlock block : hello.blocks()) {
            buf.putLong(block.start()).putInt(block.length()).putInt(block.crc());
        }
        return buf.put(hello.mac()).flip();
    }

    /** Reads and parses a hello; anything not shaped like one is a ProtocolException, before any field is trusted. */
    static SlaveHello readHello(ReadableByteChannel in) throws IOException {
        ByteBuffer head = readFully(in, 8);
        if (head.getInt() != HELLO_MAGIC) {
            throw new ProtocolException("not a Ballast HA hello (bad magic)");
        }
        int length = head.getInt();
        if (length < 0 || length > MAX_HELLO_BYTES) {
            throw new ProtocolException("hello length " + length + " out of range");
        }
        ByteBuffer body = readFully(in, length);
        try {
            String cluster = string(body);
            String brokerName = string(body);
            long brokerId = body.getLong();
            long maxOffset = body.getLong();
            int count = body.get();
            if (count < 0 || count > MAX_BLOCKS) {
                throw new ProtocolException("hello block count " + count + " out of range");
            }
            List<LogBlock> blocks = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                blocks.add(new LogBlock(body.getLong(), body.getInt(), body.getInt()));
            }
            byte[] mac = new byte[MAC_BYTES];
            body.get(mac);
            if (body.hasRemaining()) {
                throw new ProtocolException("hello has " + body.remaining() + " trailing bytes");
            }
            return new SlaveHello(cluster, brokerName, brokerId, maxOffset, blocks, mac);
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw new ProtocolException("malformed hello: " + e);
        }
    }

    private static String string(ByteBuffer body) {
        int n = Short.toUnsignedInt(body.getShort());
        byte[] bytes = new byte[n];
        body.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static ByteBuffer verdict(ResumePoint point) {
        int kind = switch (point.kind()) {
            case STREAM -> VERDICT_STREAM;
            case TRUNCATE -> VERDICT_TRUNCATE;
            case RESEED -> VERDICT_RESEED;
        };
        return ByteBuffer.allocate(12).putInt(kind).putLong(point.offset()).flip();
    }

    static ResumePoint readVerdict(ReadableByteChannel in) throws IOException {
        ByteBuffer buf = readFully(in, 12);
        int kind = buf.getInt();
        long offset = buf.getLong();
        if (offset < 0) {
            throw new ProtocolException("verdict offset " + offset + " is negative");
        }
        return switch (kind) {
            case VERDICT_STREAM -> ResumePoint.stream(offset);
            case VERDICT_TRUNCATE -> ResumePoint.truncate(offset);
            case VERDICT_RESEED -> ResumePoint.reseed(offset);
            default -> throw new ProtocolException("unknown verdict " + kind);
        };
    }

    static ByteBuffer chunkHeader(long phyOffset, int size) {
        return ByteBuffer.allocate(CHUNK_HEADER_BYTES).putLong(phyOffset).putInt(size).flip();
    }

    static ByteBuffer report(long maxOffset) {
        return ByteBuffer.allocate(REPORT_BYTES).putLong(maxOffset).flip();
    }

    static ByteBuffer readFully(ReadableByteChannel in, int bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(bytes);
        fill(in, buf);
        return buf.flip();
    }

    /** Reads until {@code buf} is full. */
    static void fill(ReadableByteChannel in, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (in.read(buf) < 0) {
                throw new EOFException("peer closed the HA connection");
            }
        }
    }

    static void writeFully(WritableByteChannel out, ByteBuffer... bufs) throws IOException {
        for (ByteBuffer buf : bufs) {
            while (buf.hasRemaining()) {
                out.write(buf);
            }
        }
    }
}
