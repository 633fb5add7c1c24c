package io.ballast.benchmarks.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
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
 * The disk's sequential write ceiling, the way the commitlog writes: 1 KiB records copied into a
 * mapped sparse file, forced every {@code forceEveryMiB} on the writing thread, so the rate is
 * what the disk sustains rather than what the page cache absorbs. The ceiling for
 * {@link AsyncFlushAppendBenchmark}; the "bytes" result gives MB/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Benchmark)
public class SequentialWriteBenchmark {
    static final int RECORD_BYTES = 1024;

    @Param("64")
    public int forceEveryMiB;

    private Path directory;
    private MappedSegments segments;
    private ByteBuffer record;
    private long unforcedBytes;

    @Setup
    public void createFiles() throws IOException {
        directory = BenchmarkDirectory.create("sequential-write");
        segments = new MappedSegments(directory);
        byte[] bytes = new byte[RECORD_BYTES];
        ThreadLocalRandom.current().nextBytes(bytes);
        record = ByteBuffer.wrap(bytes);
    }

    @TearDown
    public void deleteFiles() {
        try {
            segments.close();
        } finally {
            BenchmarkDirectory.delete(directory);
        }
    }

    @Benchmark
    public void writeRecord(AppendedBytes written) throws IOException {
        segments.write(record);
        written.bytes += RECORD_BYTES;
        unforcedBytes += RECORD_BYTES;
        if (unforcedBytes >= (long) forceEveryMiB << 20) {
            segments.force();
            unforcedBytes = 0;
        }
    }
}
