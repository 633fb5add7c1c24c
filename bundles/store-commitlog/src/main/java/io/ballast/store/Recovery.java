package io.ballast.store;

import io.ballast.store.commitlog.CommitLog;
import io.ballast.store.index.KeyIndex;
import io.ballast.store.queue.ConsumeQueue;
import io.ballast.store.queue.ConsumeQueues;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the store back to a consistent state when it opens, after a clean stop, a process kill
 * or a power cut alike:
 * <ol>
 *   <li>Everything below {@code min(checkpoint.commitLogForced, checkpoint.dispatchedForced)} was
 *       forced, commitlog and queues both, before the checkpoint said so: it is trusted.</li>
 *   <li>From there the commitlog is checked record by record ({@code RecordView.check}) and cut
 *       at the first record that is not whole; what lies beyond is zeroed, so it can never be
 *       served.</li>
 *   <li>Every whole record from the trusted offset is written to its consume queue again (the
 *       record carries its queue offset, so this is idempotent), and every queue drops entries
 *       that point past the new end of the commitlog. The key index, which cannot take a key
 *       twice, is cut back to the dispatched-and-forced offset and re-fed from there.</li>
 *   <li>Each queue's next offset continues after its last entry.</li>
 * </ol>
 * What was cut is logged and kept in this report.
 */
public final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final boolean crashed;
    private final CommitLog.RecoveryReport commitLog;
    private final long queueEntriesDropped;

    private Recovery(boolean crashed, CommitLog.RecoveryReport commitLog, long queueEntriesDropped) {
        this.crashed = crashed;
        this.commitLog = commitLog;
        this.queueEntriesDropped = queueEntriesDropped;
    }

    static Recovery run(CommitLog log, ConsumeQueues queues, KeyIndex index, Checkpoint checkpoint, boolean crashed)
            throws IOException {
        queues.load();
        long dispatched = checkpoint.dispatchedForcedOffset();
        long trusted = Math.min(checkpoint.commitLogForcedOffset(), dispatched);
        // The index is append-only: cut it back to what was dispatched and forced, and re-add
        // only records from there, so no key is indexed twice.
        index.recover(dispatched);
        Indexing indexing = new Indexing(queues, index);
        CommitLog.RecoveryReport report = log.recover(trusted, (offset, record) -> {
            if (offset >= dispatched) {
                indexing.dispatch(offset, record);
            } else {
                indexing.dispatchToQueue(offset, record);
            }
        });
        long dropped = 0;
        for (ConsumeQueue queue : queues.all()) {
            long before = queue.maxOffset();
            queue.truncateBeyond(report.endOffset());
            dropped += before - queue.maxOffset();
            log.continueQueue(queue.topic(), queue.queueId(), queue.maxOffset());
        }
        // What recovery kept is now the truth: make it durable before anything is served.
        log.force();
        queues.forceAll();
        index.force();
        checkpoint.commitLogForcedOffset(log.forcedOffset());
        checkpoint.dispatchedForcedOffset(report.endOffset());
        checkpoint.persist();
        Recovery recovery = new Recovery(crashed, report, dropped);
        if (crashed || report.truncatedBytes() > 0 || dropped > 0) {
            LOG.warn("Store recovered after {}: commitlog checked from offset {} to {} ({}); {} bytes cut from the tail, "
                            + "{} consume-queue entries dropped", crashed ? "an unclean stop" : "a clean stop",
                    report.trustedOffset(), report.endOffset(), report.detail(), report.truncatedBytes(), dropped);
        } else {
            LOG.info("Store opened after a clean stop; commitlog ends at {}", report.endOffset());
        }
        return recovery;
    }

    /** Whether the last run ended without closing the store. */
    public boolean crashed() {
        return crashed;
    }

    /** Where the commitlog ends after recovery. */
    public long endOffset() {
        return commitLog.endOffset();
    }

    /** Non-zero bytes removed from the commitlog's tail (a torn or half-written record). */
    public long truncatedBytes() {
        return commitLog.truncatedBytes();
    }

    public long queueEntriesDropped() {
        return queueEntriesDropped;
    }

    public String detail() {
        return commitLog.detail();
    }
}
