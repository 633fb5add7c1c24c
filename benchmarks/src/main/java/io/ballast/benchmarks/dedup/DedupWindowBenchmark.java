package io.ballast.benchmarks.dedup;

import io.ballast.dedup.IdempotentDedup;
import io.ballast.spi.message.Message;
import io.ballast.spi.message.MessageProperties;
import io.ballast.spi.store.AppendResult;
import io.ballast.store.CommitLogStore;
import io.ballast.store.StoreSettings;
import io.ballast.store.io.MappedStoreFiles;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The dedup filter's cost on the send path with a full window of 1 M keys: a new key
 * (findOriginal misses, stored evicts the oldest and adds), a retried key (findOriginal hits), and
 * building the message alone (to subtract). At set-up it prints the heap the 1 M-key window took,
 * measured as used heap after a GC before and after filling it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
@State(Scope.Benchmark)
public class DedupWindowBenchmark {
    private static final int KEYS = 1_000_000;

    private Path dir;
    private CommitLogStore store;
    private IdempotentDedup dedup;
    private long next;
    private long physical;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("dedup-bench");
        store = CommitLogStore.open(new MappedStoreFiles(), StoreSettings.defaults(dir, new InetSocketAddress("127.0.0.1", 10911)));
        long before = usedAfterGc();
        dedup = new IdempotentDedup(store, store, new IdempotentDedup.Settings(true, 3600, KEYS, 3000), System::currentTimeMillis);
        for (int i = 0; i < KEYS; i++) {
            dedup.stored(message(next++), result());
        }
        long after = usedAfterGc();
        System.out.printf("%ndedup window: %d keys, %.1f MiB of heap, %.1f bytes a key%n", KEYS,
                (after - before) / 1048576.0, (after - before) / (double) KEYS);
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static Message message(long n) {
        return Message.builder("Orders", new byte[0])
                .properties(Map.of(MessageProperties.UNIQ_KEY, "7F0000010F2A18B4AAC2" + Long.toHexString(0x100000000000L + n)))
                .build();
    }

    private AppendResult result() {
        long offset = physical;
        physical += 200;
        return new AppendResult(offset, 200, offset / 200, 1, System.currentTimeMillis(),
                List.of("7F00000100002A9F" + hex16(offset)));
    }

    private static String hex16(long value) {
        String hex = Long.toHexString(value).toUpperCase();
        return "0".repeat(16 - hex.length()) + hex;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        dedup.close();
        store.close();
    }

    /** The baseline of {@link #newKey}: building its message and the store's answer, no dedup. */
    @Benchmark
    public Object buildMessageAndResultOnly() {
        Message m = message(next++);
        return result().messageIds().isEmpty() ? null : m;
    }

    @Benchmark
    public Object newKey() {
        Message m = message(next++);
        if (dedup.findOriginal(m).isEmpty()) {
            dedup.stored(m, result());
        }
        return m;
    }

    @Benchmark
    public Object retriedKey() {
        return dedup.findOriginal(message(next - 1 - (next & 0xFFFF)));
    }
}
