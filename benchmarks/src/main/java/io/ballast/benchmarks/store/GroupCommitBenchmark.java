package io.ballast.benchmarks.store;

import io.ballast.spi.message.SendStatus;
import io.ballast.spi.store.AppendResult;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SYNC_FLUSH as group commit: each operation is a send as the broker does it, append one 1 KiB
 * message and wait until {@code GroupCommitFlush} answers SEND_OK (a force covering it returned).
 * With 1, 8 and 64 concurrent writers it gives messages/s and the "forces" result (calls to the
 * journal's force per second) in throughput mode, and the latency of one send (p50, p99) from the
 * {@code *Latency} twins in sample mode.
 *
 * <p>What it is to show: one writer can go no faster than the disk forces
 * ({@link ForceRateBenchmark}); with many writers the force rate stays near that limit while
 * messages per force grow, because every send queued during a force shares the next one.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GroupCommitBenchmark {
    @Benchmark
    @Threads(1)
    public SendStatus oneWriter(GroupCommitStore store, Producer producer, GroupCommitStore.Forces forces) throws Exception {
        return send(store, producer);
    }

    @Benchmark
    @Threads(8)
    public SendStatus eightWriters(GroupCommitStore store, Producer producer, GroupCommitStore.Forces forces) throws Exception {
        return send(store, producer);
    }

    @Benchmark
    @Threads(64)
    public SendStatus sixtyFourWriters(GroupCommitStore store, Producer producer, GroupCommitStore.Forces forces) throws Exception {
        return send(store, producer);
    }

    @Benchmark
    @Threads(1)
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public SendStatus oneWriterLatency(GroupCommitStore store, Producer producer) throws Exception {
        return send(store, producer);
    }

    @Benchmark
    @Threads(8)
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public SendStatus eightWritersLatency(GroupCommitStore store, Producer producer) throws Exception {
        return send(store, producer);
    }

    @Benchmark
    @Threads(64)
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public SendStatus sixtyFourWritersLatency(GroupCommitStore store, Producer producer) throws Exception {
        return send(store, producer);
    }

    private static SendStatus send(GroupCommitStore store, Producer producer) throws Exception {
        AppendResult appended = store.disk().store().append(producer.nextMessage());
        SendStatus status = store.disk().policy().awaitDurable(appended.endOffset()).toCompletableFuture().get();
        if (status != SendStatus.SEND_OK) {
            // A FLUSH_DISK_TIMEOUT is not a durable send; counting it would flatter the figure.
            throw new ExecutionException(new IllegalStateException("send answered " + status));
        }
        return status;
    }
}
