package io.ballast.benchmarks.store;

import io.ballast.flush.sync.GroupCommitFlush;
import io.ballast.spi.message.SendStatus;
import io.ballast.spi.store.AppendResult;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * SYNC_FLUSH as group commit: each operation is a send as the broker does it, append one 1 KiB
 * message and wait until {@link GroupCommitFlush} answers SEND_OK (a force covering it returned).
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
@State(Scope.Benchmark)
public class GroupCommitBenchmark {
    private StoreOnDisk<GroupCommitFlush> disk;

    @Setup
    public void openStore() throws IOException {
        disk = StoreOnDisk.open("group-commit", journal -> new GroupCommitFlush(journal, new DefaultGroupCommitConfig()));
    }

    @TearDown
    public void closeStore() {
        disk.close();
    }

    @Benchmark
    @Threads(1)
    public SendStatus oneWriter(Producer producer, Forces forces) throws Exception {
        return send(producer);
    }

    @Benchmark
    @Threads(8)
    public SendStatus eightWriters(Producer producer, Forces forces) throws Exception {
        return send(producer);
    }

    @Benchmark
    @Threads(64)
    public SendStatus sixtyFourWriters(Producer producer, Forces forces) throws Exception {
        return send(producer);
    }

    @Benchmark
    @Threads(1)
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public SendStatus oneWriterLatency(Producer producer) throws Exception {
        return send(producer);
    }

    @Benchmark
    @Threads(8)
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public SendStatus eightWritersLatency(Producer producer) throws Exception {
        return send(producer);
    }

    @Benchmark
    @Threads(64)
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public SendStatus sixtyFourWritersLatency(Producer producer) throws Exception {
        return send(producer);
    }

    private SendStatus send(Producer producer) throws Exception {
        AppendResult appended = disk.store().append(producer.nextMessage());
        SendStatus status = disk.policy().awaitDurable(appended.endOffset()).toCompletableFuture().get();
        if (status != SendStatus.SEND_OK) {
            // A FLUSH_DISK_TIMEOUT is not a durable send; counting it would flatter the figure.
            throw new ExecutionException(new IllegalStateException("send answered " + status));
        }
        return status;
    }

    /**
     * Journal forces during the iteration, as JMH's secondary result "forces" (per second in
     * throughput mode). Counters are summed over threads, so only the first thread reports them.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Forces {
        private CountingJournal journal;
        private boolean reporter;
        private long atIterationStart;
        private long duringIteration;

        @Setup(Level.Iteration)
        public void start(GroupCommitBenchmark benchmark, ThreadParams thread) {
            journal = benchmark.disk.journal();
            reporter = thread.getThreadIndex() == 0;
            atIterationStart = journal.forces();
        }

        /** Counted here, before the last iteration's trial teardown closes the store. */
        @TearDown(Level.Iteration)
        public void stop() {
            duringIteration = journal.forces() - atIterationStart;
        }

        public long forces() {
            return reporter ? duringIteration : 0;
        }
    }

    /** broker.conf default: a send not covered by a force within 5 s is answered FLUSH_DISK_TIMEOUT. */
    private static final class DefaultGroupCommitConfig implements GroupCommitFlush.Config {
        @Override
        public long syncFlushTimeout() {
            return 5000;
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return GroupCommitFlush.Config.class;
        }
    }
}
