package io.ballast.ha.link;

import io.ballast.spi.store.ReplicatedLog;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A byte-array log for link tests: the master side appends with {@link #append}, the slave side
 * through the SPI. Like the store, an empty log accepts its first replicated bytes at any offset
 * (a slave fed from the master's earliest retained offset). Thread-safe.
 */
final class InMemoryReplicatedLog implements ReplicatedLog {
    private final int segmentSize;
    private long min;
    private byte[] bytes = new byte[0]; // bytes[i] is the byte at offset min + i

    InMemoryReplicatedLog(int segmentSize) {
        this.segmentSize = segmentSize;
    }

    synchronized void append(byte[] data) {
        int at = bytes.length;
        bytes = Arrays.copyOf(bytes, at + data.length);
        System.arraycopy(data, 0, bytes, at, data.length);
    }

    /** Drops everything below {@code offset}, as retention does. */
    synchronized void retainFrom(long offset) {
        bytes = Arrays.copyOfRange(bytes, (int) (offset - min), bytes.length);
        min = offset;
    }

    /** Every byte from min to max. */
    synchronized byte[] content() {
        return bytes.clone();
    }

    @Override
    public synchronized long minOffset() {
        return min;
    }

    @Override
    public synchronized long maxOffset() {
        return min + bytes.length;
    }

    @Override
    public int segmentSize() {
        return segmentSize;
    }

    @Override
    public synchronized ByteBuffer read(long offset, int maxBytes) {
        if (offset < min || offset > maxOffset()) {
            throw new IllegalArgumentException("offset " + offset + " outside [" + min + ", " + maxOffset() + "]");
        }
        long segmentEnd = (offset / segmentSize + 1) * segmentSize;
        int length = (int) Math.min(Math.min(maxBytes, maxOffset() - offset), segmentEnd - offset);
        int from = (int) (offset - min);
        return ByteBuffer.wrap(Arrays.copyOfRange(bytes, from, from + length)).asReadOnlyBuffer();
    }

    @Override
    public synchronized void appendReplicated(long offset, ByteBuffer data) {
        if (bytes.length == 0) {
            min = offset;
        } else if (offset != maxOffset()) {
            throw new IllegalArgumentException("append at " + offset + " but max offset is " + maxOffset());
        }
        if (offset / segmentSize != (offset + data.remaining() - 1) / segmentSize) {
            throw new IllegalArgumentException("append of " + data.remaining() + " bytes at " + offset + " crosses a segment end");
        }
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        append(chunk);
    }

    @Override
    public synchronized void truncate(long offset) {
        if (offset <= min) {
            bytes = new byte[0];
            min = Math.max(0, Math.min(offset, min));
        } else if (offset < maxOffset()) {
            bytes = Arrays.copyOf(bytes, (int) (offset - min));
        }
    }
}
