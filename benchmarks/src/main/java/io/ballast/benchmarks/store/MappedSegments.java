package io.ballast.benchmarks.store;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The disk as the commitlog uses it, without the store: sparse files of 1 GiB, each mapped whole,
 * written at increasing positions and forced over the range written since the last force
 * ({@link MappedByteBuffer#force(int, int)}), as the commitlog forces. So the disk benchmarks pay
 * what the store pays (block allocation in a sparse file, msync of the mapping) and nothing
 * else. Not thread-safe: one writer.
 */
final class MappedSegments implements AutoCloseable {
    static final int SEGMENT_BYTES = 1 << 30;

    private final Path directory;
    private MappedByteBuffer segment;
    private int segments;
    private int forced;

    MappedSegments(Path directory) throws IOException {
        this.directory = directory;
        segment = map(segments++);
    }

    /** Writes {@code record} after the last write, in a new segment if this one is full. */
    void write(ByteBuffer record) throws IOException {
        if (segment.remaining() < record.remaining()) {
            force(); // what was written must not escape the next force
            segment = map(segments++);
            forced = 0;
        }
        segment.put(record.duplicate());
    }

    /** Forces what was written to the segment since the last force, as the commitlog does. */
    void force() {
        int written = segment.position();
        segment.force(forced, written - forced);
        forced = written;
    }

    private MappedByteBuffer map(int index) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(directory.resolve(String.format("%020d", (long) index * SEGMENT_BYTES)).toFile(), "rw")) {
            file.setLength(SEGMENT_BYTES);
            return file.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, SEGMENT_BYTES);
        }
    }

    /** Forces what is still dirty, so the next trial does not start with this one's writeback. */
    @Override
    public void close() {
        force();
    }
}
