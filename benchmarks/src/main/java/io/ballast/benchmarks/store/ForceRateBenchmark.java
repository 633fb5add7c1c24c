package io.ballast.benchmarks.store;

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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How many forces a second the disk completes when each one has little to write: append 4 KiB,
 * force, repeat (ops/s = forces/s). This is the ceiling for a writer that waits for its own force,
 * and the rate group commit should stay near while it answers many sends per force
 * ({@link GroupCommitBenchmark}).
 *
 * <p>{@code mapped} forces as the commitlog does (msync of a mapped sparse 1 GiB file);
 * {@code channel} is the plain alternative (FileChannel write, then fdatasync via force(false)),
 * to tell the disk's limit from the cost of the mapping.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Benchmark)
public class ForceRateBenchmark {
    static final int PAGE_BYTES = 4096;

    private Path directory;
    private MappedSegments segments;
    private FileChannel channel;
    private ByteBuffer page;

    @Setup
    public void createFiles() throws IOException {
        directory = BenchmarkDirectory.create("force-rate");
        segments = new MappedSegments(directory);
        channel = FileChannel.open(directory.resolve("appended"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        byte[] bytes = new byte[PAGE_BYTES];
        ThreadLocalRandom.current().nextBytes(bytes);
        page = ByteBuffer.wrap(bytes);
    }

    @TearDown
    public void deleteFiles() throws IOException {
        try {
            segments.close();
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
    public void channel() throws IOException {
        ByteBuffer source = page.duplicate();
        while (source.hasRemaining()) {
            channel.write(source);
        }
        channel.force(false);
    }
}
