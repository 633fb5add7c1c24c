package io.ballast.benchmarks.store;

import io.ballast.flush.async.AsyncFlush;
import io.ballast.spi.store.AppendResult;
import io.ballast.spi.store.StoreException;
import java.io.IOException;
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
 * Append throughput under ASYNC_FLUSH, RocketMQ's default: each operation appends one 1 KiB
 * message and is answered at once, while {@link AsyncFlush} forces in the background every
 * 500 ms. This is the store's best case, bounded by encoding, the append lock and the page cache
 * (and, once dirty pages pile up, by the kernel's writeback throttling), so it is compared with
 * the disk's forced sequential write rate ({@link SequentialWriteBenchmark}). Ops/s is messages/s;
 * the "bytes" result gives MB/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class AsyncFlushAppendBenchmark {
    private StoreOnDisk<AsyncFlush> disk;

    @Setup
    public void openStore() throws IOException {
        disk = StoreOnDisk.open("async-append", journal -> new AsyncFlush(journal, 500, 4, 10_000) /* broker.conf defaults */);
    }

    @TearDown
    public void closeStore() {
        disk.close();
    }

    @Benchmark
    @Threads(1)
    public AppendResult oneWriter(Producer producer, AppendedBytes appended) throws StoreException {
        return append(producer, appended);
    }

    @Benchmark
    @Threads(4)
    public AppendResult fourWriters(Producer producer, AppendedBytes appended) throws StoreException {
        return append(producer, appended);
    }

    private AppendResult append(Producer producer, AppendedBytes appended) throws StoreException {
        AppendResult result = disk.store().append(producer.nextMessage());
        appended.bytes += result.size();
        return result;
    }
}
