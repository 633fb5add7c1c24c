package io.ballast.itest.ha;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * A broker's commitlog folder read as one byte range: segment files named by their 20-digit start
 * offset, all of one size, so byte {@code offset} lives in the file whose name is the largest
 * start ≤ offset. Read from disk after the broker is gone (a kill -9 leaves the page cache, so the
 * files hold everything the broker had appended).
 */
final class CommitLogFiles {
    private static final int CHUNK = 64 * 1024;

    private final Path dir;
    private final List<Long> starts;

    CommitLogFiles(Path dir) throws IOException {
        this.dir = dir;
        try (Stream<Path> files = Files.list(dir)) {
            this.starts = files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{20}"))
                    .map(Long::parseLong).sorted().toList();
        }
    }

    /** Where the earliest kept segment starts. */
    long firstOffset() {
        return starts.isEmpty() ? 0 : starts.get(0);
    }

    /**
     * The first offset in [from, to) at which the two logs differ, or empty when every byte is equal.
     * A byte missing from either side counts as a difference.
     */
    static OptionalLong firstDifference(CommitLogFiles a, CommitLogFiles b, long from, long to) throws IOException {
        for (long offset = from; offset < to; offset += CHUNK) {
            int length = (int) Math.min(CHUNK, to - offset);
            byte[] left = a.read(offset, length);
            byte[] right = b.read(offset, length);
            int mismatch = Arrays.mismatch(left, right);
            if (mismatch >= 0) {
                return OptionalLong.of(offset + mismatch);
            }
        }
        return OptionalLong.empty();
    }

    /**
     * Where the commitlogs in two folders (a master's and a slave's) first differ in
     * [the later of their first offsets, {@code to}); empty when every byte is equal.
     */
    static OptionalLong firstDifference(Path masterDir, Path slaveDir, long to) throws IOException {
        CommitLogFiles master = new CommitLogFiles(masterDir);
        CommitLogFiles slave = new CommitLogFiles(slaveDir);
        return firstDifference(master, slave, Math.max(master.firstOffset(), slave.firstOffset()), to);
    }

    /** {@code length} bytes from {@code offset}, crossing segment ends; shorter if the log ends first. */
    byte[] read(long offset, int length) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(length);
        long position = offset;
        while (out.hasRemaining()) {
            Long start = segmentHolding(position);
            if (start == null) {
                break;
            }
            try (FileChannel channel = FileChannel.open(dir.resolve(String.format("%020d", start)), StandardOpenOption.READ)) {
                int read = channel.read(out, position - start);
                if (read <= 0) {
                    break;
                }
                position += read;
            }
        }
        return Arrays.copyOf(out.array(), out.position());
    }

    private Long segmentHolding(long offset) {
        Long holding = null;
        for (long start : starts) {
            if (start <= offset) {
                holding = start;
            }
        }
        return holding;
    }
}
