package io.ballast.store;

import io.ballast.store.commitlog.CommitLog;
import io.ballast.store.commitlog.MessageRecord;
import io.ballast.store.commitlog.RecordView;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that makes messages visible: it tails the commitlog and writes each record's
 * consume-queue (and index) entries, but never past the visibility limit. Under a flush policy
 * that acknowledges only after a force, the limit is the forced offset, so a consumer can never
 * read a message that a crash could take back (RocketMQ #8239).
 *
 * <p>One thread, woken after appends and forces; the dispatched offset only grows, except when a
 * slave's log is truncated.
 *
 * <p>A failure never stops it for good. Consume-queue and index files are sparse mappings, so on
 * a full disk a store into a page with no block behind it raises SIGBUS, which the JVM turns into
 * an {@link InternalError} in this thread, possibly a few calls after the faulting store (it is
 * delivered asynchronously). The error is logged once, with the offset, and the pass retried with
 * a growing backoff (up to {@value #MAX_BACKOFF_MILLIS} ms) until it succeeds, so delivery resumes
 * once space is freed. Because the faulting store may have been skipped for a record already
 * counted as dispatched, a retry first rewrites the queue entries from the last offset known to be
 * clean (where the thread last parked: a park is a transition into the VM, where any pending fault
 * is delivered); rewriting an entry is harmless, and index keys are not written twice.
 */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final long MAX_BACKOFF_MILLIS = 5_000;
    private static final long FIRST_BACKOFF_MILLIS = 10;

    private final CommitLog log;
    private final DispatchTarget target;
    private final LongSupplier limit;
    private final Thread thread;
    private volatile long dispatchedOffset;
    private volatile boolean running = true;
    /** Set while the thread is about to park or parked: only then is a wake-up worth a syscall. */
    private volatile boolean idle;
    /** Set while a failed pass waits to be retried; cleared by the first pass that succeeds. */
    private volatile Throwable failure;
    private long backoffMillis;
    /** The dispatched offset when the thread last parked: every fault before it has been delivered. */
    private long cleanOffset;
    /** Held while dispatching, so a truncation can remove entries and move the offset back in between. */
    private final ReentrantLock lock = new ReentrantLock();

    Dispatcher(CommitLog log, DispatchTarget target, LongSupplier limit, long from) {
        this.log = log;
        this.target = target;
        this.limit = limit;
        this.dispatchedOffset = from;
        this.cleanOffset = from;
        this.thread = new Thread(this::run, "ballast-dispatcher");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Something changed (an append, a force): look again. Cheap when the thread is busy, which
     * is when appends come fast: it will see the change on its next pass anyway.
     */
    void wake() {
        if (idle) {
            LockSupport.unpark(thread);
        }
    }

    long dispatchedOffset() {
        return dispatchedOffset;
    }

    private void run() {
        while (running) {
            try {
                runOnce();
            } catch (RuntimeException | InternalError e) {
                // A fault delivered late, outside a pass (see the class comment): retried the same way.
                failed(e);
            }
        }
    }

    private void runOnce() {
        if (failure != null) {
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(backoffMillis));
            retry();
            return;
        }
        if (dispatchUpTo(end())) {
            return;
        }
        // Announce idleness, then look once more: a change published before a waker read
        // the flag is seen here; one published after it gets an unpark. Either way no
        // wake-up is lost (and the park is bounded regardless).
        idle = true;
        long beforePark = dispatchedOffset;
        if (beforePark >= end()) {
            LockSupport.parkNanos(this, IDLE_PARK_NANOS);
            cleanOffset = beforePark;
        }
        idle = false;
    }

    /**
     * After a failure: rewrites the queue entries a late-delivered fault may have skipped, then
     * dispatches on. Success ends the failure; another failure doubles the backoff, silently.
     */
    private void retry() {
        lock.lock();
        try {
            long from = Math.max(log.minOffset(), Math.min(cleanOffset, dispatchedOffset));
            walk(from, dispatchedOffset, false);
            walk(dispatchedOffset, end(), true);
            LOG.info("Dispatching resumed: dispatched up to offset {} (queue entries from {} rewritten)", dispatchedOffset, from);
            failure = null;
        } catch (IOException | RuntimeException | InternalError e) {
            backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
        } finally {
            lock.unlock();
        }
    }

    /** Logged once per failure, with the offset; the run loop retries it. */
    private void failed(Throwable e) {
        if (failure == null) {
            failure = e;
            backoffMillis = FIRST_BACKOFF_MILLIS;
            LOG.error("Dispatching the commitlog at offset {} failed; new messages stay invisible until a retry"
                    + " succeeds (retrying with a backoff up to {} ms; a full disk?): {}", dispatchedOffset, MAX_BACKOFF_MILLIS, e.toString());
        }
    }

    private long end() {
        return Math.min(limit.getAsLong(), log.writtenOffset());
    }

    /**
     * Dispatches every whole record below {@code end}; true if it did any work. Also called at
     * stop. A slave's log may end inside a record (its bytes arrive in pieces), so a record, or
     * a segment's BLANK padding, is passed only once all of it lies below {@code end}.
     */
    boolean dispatchUpTo(long end) {
        lock.lock();
        try {
            return dispatchHeld(end);
        } finally {
            lock.unlock();
        }
    }

    private boolean dispatchHeld(long end) {
        long offset = dispatchedOffset;
        if (offset >= end || failure != null) {
            return false;
        }
        try {
            walk(offset, end, true);
            return true;
        } catch (IOException | RuntimeException | InternalError e) {
            // InternalError: SIGBUS on a mapped page (a full disk); anything else is as fatal to
            // this pass only. Either way the thread lives and retries (see the class comment).
            failed(e);
            return true;
        }
    }

    /**
     * Hands each whole record in [from, end) to the target, in order: dispatched for the first
     * time (moving the dispatched offset past it), or else redispatched below the dispatched offset.
     */
    private void walk(long from, long end, boolean firstTime) throws IOException {
        long offset = from;
        while (offset < end) {
            ByteBuffer header = log.read(offset, MessageRecord.BLANK_SIZE);
            if (header == null) {
                break; // not all written yet, or retention raced us
            }
            if (header.getInt(4) == MessageRecord.BLANK_MAGIC) {
                long next = log.nextSegmentOffset(offset);
                if (next > end) {
                    break; // a slave that has not received all the padding yet
                }
                offset = next;
                if (offset > dispatchedOffset) {
                    dispatchedOffset = offset;
                }
                continue;
            }
            int size = header.getInt(0);
            ByteBuffer record = offset + size > end ? null : log.read(offset, size);
            if (record == null) {
                break; // the rest of the record is not written (or not visible) yet
            }
            if (firstTime) {
                target.dispatch(offset, RecordView.of(record));
                dispatchedOffset = offset + record.limit();
            } else {
                target.redispatch(offset, RecordView.of(record));
            }
            offset += record.limit();
        }
    }

    /** Work done while the dispatcher is held off. */
    @FunctionalInterface
    interface HeldWork {
        void run() throws IOException;
    }

    /**
     * Runs {@code work} while no record is being dispatched, then continues from
     * {@code min(dispatched, offset)}: for a truncation, whose work removes the queue and index
     * entries from {@code offset} on.
     */
    void rewind(long offset, HeldWork work) throws IOException {
        lock.lock();
        try {
            work.run();
            dispatchedOffset = Math.min(dispatchedOffset, offset);
        } finally {
            lock.unlock();
        }
    }

    /** Continues from {@code offset}, ahead of an empty log's old end: a slave's log that starts at its master's oldest segment. */
    void skipTo(long offset) {
        lock.lock();
        try {
            dispatchedOffset = Math.max(dispatchedOffset, offset);
        } finally {
            lock.unlock();
        }
    }

    /** Stops the thread after it dispatched everything below {@code end}. */
    void stop(long end) throws InterruptedException {
        running = false;
        LockSupport.unpark(thread);
        thread.join(TimeUnit.SECONDS.toMillis(10));
        dispatchUpTo(end);
    }
}
