package io.ballast.benchmarks.store;

import io.ballast.store.io.MappedStoreFiles;
import io.ballast.store.io.StoreFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How many forces a second the disk completes: append {@code bytes}, force, repeat (ops/s =
 * forces/s). The rate depends on what each force carries, so it is measured at one record
 * (1,172 bytes), one page, and about what group commit forces per round under load (40 KiB).
 * This is the ceiling for a writer that waits for its own force, and the rate group commit
 * should stay near, at the same bytes per force, while it answers many sends per force
 * ({@link GroupCommitBenchmark}, {@link GroupCommitPipelinedBenchmark}).
 *
 * <p>{@code preallocated} forces as the commitlog does: msync of the range written, in a mapped
 * file whose blocks were allocated up front ({@code StoreFiles.openPreallocated}; a 256 MiB file
 * written round and round, so no write ever allocates). {@code mapped} is the same in a sparse
 * 1 GiB file, as the commitlog's segments were before preallocation: each write allocates.
 * {@code channel} is the plain alternative (FileChannel append, then fdatasync via force(false)).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Benchmark)
public class ForceRateBenchmark {
    @Param({"1172", "4096", "40960"})
    public int bytes;

    static final int RING_BYTES = 256 << 20;

    private Path directory;
    private MappedSegments segments;
    private StoreFile ring;
    private int ringPosition;
    private FileChannel channel;
    private ByteBuffer page;

    @Setup
    public void createFiles() throws IOException {
        directory = BenchmarkDirectory.create("force-rate");
        segments = new MappedSegments(directory);
        ring = new MappedStoreFiles().openPreallocated(directory.resolve("preallocated"), RING_BYTES);
        channel = FileChannel.open(directory.resolve("appended"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        byte[] content = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(content);
        page = ByteBuffer.wrap(content);
    }

    @TearDown
    public void deleteFiles() throws IOException {
        try {
            segments.close();
            ring.close();
            channel.close();
        } finally {
            BenchmarkDirectory.delete(directory);
        }
    }

    @Benchmark
    public void mapped() throws IOException {
        segments.write(page);
        segments.force();
    }

    @Benchmark
    public void preallocated() throws IOException {
        if (ringPosition + bytes > RING_BYTES) {
            ringPosition = 0;
        }
        ring.write(ringPosition, page);
        ring.force(ringPosition, bytes);
        ringPosition += bytes;
    }

    @Benchmark
    public void channel() throws IOException {
        ByteBuffer source = page.duplicate();
        while (source.hasRemaining()) {
            channel.write(source);
        }
        channel.force(false);
    }
}
