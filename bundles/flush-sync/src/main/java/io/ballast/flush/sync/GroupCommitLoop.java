package io.ballast.flush.sync;

import io.ballast.spi.message.SendStatus;
import io.ballast.spi.store.Journal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of the group-commit thread. Each round it takes every queued request, forces the
 * journal once, and settles what that force decided; requests queued meanwhile wait for the next
 * round. So the batch size follows the disk: one send alone pays one force and no added delay,
 * and under load every send that arrives during a force shares the next one.
 *
 * <p>Invariants:
 * <ul>
 *   <li>a request completes with SEND_OK only when an offset returned by {@link Journal#force()},
 *       or {@link Journal#forcedOffset()} (which only moves when a force has returned), covers it;</li>
 *   <li>after a force throws, every request held or taken later completes exceptionally with
 *       that IOException and the journal is never forced again (fail-stop);</li>
 *   <li>once the queue is closed, the loop takes the rest, forces once and completes every
 *       request before {@link #run()} returns.</li>
 * </ul>
 *
 * <p>Thread-safety: {@link #run()} runs on one thread, which alone touches {@code pending};
 * {@link #failure()} may be read from any thread. Requests complete on that thread, so their
 * dependents run there and must not block.
 */
final class GroupCommitLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitLoop.class);

    private final Journal journal;
    private final GroupCommitQueue queue;
    private final List<FlushRequest> pending = new ArrayList<>();
    private volatile IOException failure;

    GroupCommitLoop(Journal journal, GroupCommitQueue queue) {
        this.journal = journal;
        this.queue = queue;
    }

    /** The IOException that stopped the journal, or null while forces succeed. */
    IOException failure() {
        return failure;
    }

    @Override
    public void run() {
        boolean stalled = false;
        while (!queue.isClosed()) {
            long wait;
            if (pending.isEmpty()) {
                wait = GroupCommitQueue.WAIT_FOREVER;         // idle: sleep until a send arrives
            } else if (stalled) {
                wait = Math.max(1, nanosToEarliestDeadline()); // no progress: wait for news or a timeout
            } else {
                wait = 0;                                      // busy: take what came during the force
            }
            pending.addAll(queue.takeAll(wait));
            stalled = !pending.isEmpty() && commitRound();
        }
        pending.addAll(queue.takeAll(0)); // closed: nothing can be added after this take
        finish();
    }

    /** One round: settle what is already durable or late, force once, settle again. Returns whether the force made no progress. */
    private boolean commitRound() {
        if (failure != null) {
            failPending();
            return false;
        }
        long before = journal.forcedOffset();
        settle(before, System.nanoTime());
        if (pending.isEmpty()) {
            return false;
        }
        long forced;
        try {
            forced = journal.force();
        } catch (IOException | RuntimeException e) {
            stop(e);
            return false;
        }
        settle(forced, System.nanoTime());
        // Every pending end was written before its request was queued, so a force normally
        // covers the whole batch. If it did not and did not move either, forcing again at once
        // would spin: wait for a new request or the first deadline instead.
        return !pending.isEmpty() && forced <= before;
    }

    /** Completes covered requests with SEND_OK, then late ones with FLUSH_DISK_TIMEOUT; keeps the rest, in order. */
    private void settle(long forcedOffset, long nowNanos) {
        int kept = 0;
        for (FlushRequest request : pending) {
            if (request.coveredBy(forcedOffset)) {
                request.result().complete(SendStatus.SEND_OK);
            } else if (request.expiredAt(nowNanos)) {
                request.result().complete(SendStatus.FLUSH_DISK_TIMEOUT);
            } else {
                pending.set(kept++, request);
            }
        }
        pending.subList(kept, pending.size()).clear();
    }

    private void finish() {
        if (failure == null) {
            try {
                long forced = journal.force();
                settle(forced, System.nanoTime());
                for (FlushRequest request : pending) {
                    // Only a send that asked for bytes never written gets here; it must not hang.
                    LOG.warn("Group commit stopping: offset {} was never written (forced to {}); answering FLUSH_DISK_TIMEOUT",
                            request.endOffset(), forced);
                    request.result().complete(SendStatus.FLUSH_DISK_TIMEOUT);
                }
                pending.clear();
            } catch (IOException | RuntimeException e) {
                stop(e);
            }
        }
        failPending();
    }

    private void stop(Exception cause) {
        IOException io = cause instanceof IOException e ? e : new IOException("Journal force failed: " + cause, cause);
        failure = io;
        // The journal logs the failure itself, once, with the file and the cause.
        LOG.warn("Group commit stops: the journal is read-only after a failed force ({}); every waiting and later send fails",
                io.getMessage());
        failPending();
    }

    private void failPending() {
        for (FlushRequest request : pending) {
            request.result().completeExceptionally(failure);
        }
        pending.clear();
    }

    private long nanosToEarliestDeadline() {
        long now = System.nanoTime();
        long earliest = Long.MAX_VALUE;
        for (FlushRequest request : pending) {
            earliest = Math.min(earliest, request.nanosLeftAt(now));
        }
        return earliest;
    }
}
