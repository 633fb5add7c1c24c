package io.ballast.flush.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where sends hand their {@link FlushRequest}s to the group-commit thread. The thread takes the
 * whole list at once (RocketMQ's request-list swap), so a batch costs one lock round-trip
 * however many sends it holds.
 *
 * <p>Invariants, all under one lock: once {@link #close()} has run, {@link #offer} refuses, so
 * no request can be added after the thread's last {@link #takeAll}; a sender signals only when
 * the thread is actually waiting, so under load (the thread busy forcing) a send costs no wake-up
 * at all. Thread-safe: any number of senders, one taker.
 */
final class GroupCommitQueue {
    /** For {@link #takeAll}: wait until a request arrives or the queue closes. */
    static final long WAIT_FOREVER = -1;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private List<FlushRequest> queued = new ArrayList<>();
    private boolean closed;
    private boolean takerWaiting;

    /** Queues {@code request} and wakes the taker if it waits; false once closed. */
    boolean offer(FlushRequest request) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            queued.add(request);
            if (takerWaiting) {
                arrived.signal();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes everything queued. When nothing is, waits up to {@code maxWaitNanos} (forever if
     * {@link #WAIT_FOREVER}) for a request or for {@link #close()}; returns an empty list if none came.
     */
    List<FlushRequest> takeAll(long maxWaitNanos) {
        lock.lock();
        try {
            long left = maxWaitNanos;
            while (queued.isEmpty() && !closed && (maxWaitNanos == WAIT_FOREVER || left > 0)) {
                takerWaiting = true;
                try {
                    if (maxWaitNanos == WAIT_FOREVER) {
                        arrived.awaitUninterruptibly();
                    } else {
                        left = awaitUninterruptibly(left);
                    }
                } finally {
                    takerWaiting = false;
                }
            }
            if (queued.isEmpty()) {
                return List.of();
            }
            List<FlushRequest> taken = queued;
            queued = new ArrayList<>(taken.size());
            return taken;
        } finally {
            lock.unlock();
        }
    }

    /** Refuses every later offer and wakes the taker. Requests still queued stay for its last take. */
    void close() {
        lock.lock();
        try {
            closed = true;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Nothing interrupts the group-commit thread on purpose, and an interrupt must not end its
     * wait early: the sends it holds are still pending, and a pending interrupt would close the
     * store's FileChannel during its next force. So an interrupt is ignored here.
     */
    private long awaitUninterruptibly(long nanos) {
        long deadline = System.nanoTime() + nanos;
        try {
            return arrived.awaitNanos(nanos);
        } catch (InterruptedException ignored) {
            return deadline - System.nanoTime();
        }
    }
}
