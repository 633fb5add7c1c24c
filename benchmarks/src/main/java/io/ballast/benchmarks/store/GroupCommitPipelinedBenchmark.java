package io.ballast.benchmarks.store;

import io.ballast.spi.message.SendStatus;
import io.ballast.spi.store.AppendResult;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * Group commit as the broker drives it: sends are not threads. Two threads (one per core) each
 * keep {@code inFlight} sends outstanding; a send is append + awaitDurable, and its completion
 * (on the group-commit thread) only releases a permit, as the broker's completion only writes
 * the response to the connection. So with 2 × 32 sends in flight this is the 64-writer load
 * without 64 blocked threads competing for two cores, which {@link GroupCommitBenchmark} pays.
 *
 * <p>The score is sends issued per second; in steady state that is the completion rate, since a
 * send can only be issued once an earlier one completed. "forces" counts journal forces.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(2)
@State(Scope.Benchmark)
public class GroupCommitPipelinedBenchmark {
    @Param({"32"})
    public int inFlight;

    private final AtomicLong notSendOk = new AtomicLong();

    /** A FLUSH_DISK_TIMEOUT is not a durable send; counting it would flatter the figure. */
    @TearDown
    public void checkEverySendWasDurable() {
        if (notSendOk.get() > 0) {
            throw new IllegalStateException(notSendOk.get() + " sends were not answered SEND_OK");
        }
    }

    /** One producer thread's window of outstanding sends. */
    @State(Scope.Thread)
    public static class Window {
        Semaphore permits;

        @Setup
        public void open(GroupCommitPipelinedBenchmark benchmark) {
            permits = new Semaphore(benchmark.inFlight);
        }

        /** Waits for this thread's outstanding sends, so none outlives its iteration. */
        @TearDown(Level.Iteration)
        public void drain(GroupCommitPipelinedBenchmark benchmark) throws InterruptedException {
            if (!permits.tryAcquire(benchmark.inFlight, 10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("sends still outstanding after 10 s");
            }
            permits.release(benchmark.inFlight);
        }
    }

    @Benchmark
    public void send(GroupCommitStore store, Producer producer, Window window, GroupCommitStore.Forces forces) throws Exception {
        window.permits.acquire();
        AppendResult appended = store.disk().store().append(producer.nextMessage());
        store.disk().policy().awaitDurable(appended.endOffset()).whenComplete((status, failure) -> {
            if (status != SendStatus.SEND_OK) {
                notSendOk.incrementAndGet();
            }
            window.permits.release();
        });
    }
}
