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
 */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final CommitLog log;
    private final DispatchTarget target;
    private final LongSupplier limit;
    private final Thread thread;
    private volatile long dispatchedOffset;
    private volatile boolean running = true;
    /** Set while the thread is about to park or parked: only then is a wake-up worth a syscall. */
    private volatile boolean idle;
    private volatile IOException failure;
    /** Held while dispatching, so a truncation can remove entries and move the offset back in between. */
    private final ReentrantLock lock = new ReentrantLock();

    Dispatcher(CommitLog log, DispatchTarget target, LongSupplier limit, long from) {
        this.log = log;
        this.target = target;
        this.limit = limit;
        this.dispatchedOffset = from;
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
            if (dispatchUpTo(end())) {
                continue;
            }
            // Announce idleness, then look once more: a change published before a waker read
            // the flag is seen here; one published after it gets an unpark. Either way no
            // wake-up is lost (and the park is bounded regardless).
            idle = true;
            if (dispatchedOffset >= end() || failure != null) {
                LockSupport.parkNanos(this, IDLE_PARK_NANOS);
            }
            idle = false;
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
                    continue;
                }
                int size = header.getInt(0);
                ByteBuffer record = offset + size > end ? null : log.read(offset, size);
                if (record == null) {
                    break; // the rest of the record is not written (or not visible) yet
                }
                target.dispatch(offset, RecordView.of(record));
                offset += record.limit();
                dispatchedOffset = offset;
            }
            dispatchedOffset = offset;
        } catch (IOException | RuntimeException e) {
            failure = e instanceof IOException io ? io : new IOException(e);
            LOG.error("Dispatching the commitlog at offset {} failed; new messages will not become visible: {}", offset, e.toString());
        }
        return true;
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
