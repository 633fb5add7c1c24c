package io.ballast.benchmarks.store;

import io.ballast.flush.sync.GroupCommitFlush;
import java.io.IOException;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.ThreadParams;

/** A store on disk with {@link GroupCommitFlush} bound, shared by the group-commit benchmarks. */
@State(Scope.Benchmark)
public class GroupCommitStore {
    private StoreOnDisk<GroupCommitFlush> disk;

    @Setup
    public void open() throws IOException {
        disk = StoreOnDisk.open("group-commit", journal -> new GroupCommitFlush(journal, 5000) /* syncFlushTimeout default */);
    }

    @TearDown
    public void close() {
        disk.close();
    }

    StoreOnDisk<GroupCommitFlush> disk() {
        return disk;
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
        public void start(GroupCommitStore store, ThreadParams thread) {
            journal = store.disk.journal();
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
}
