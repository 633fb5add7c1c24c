package io.ballast.store;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Lets calls into an open store through, and lets the store close only once the calls already
 * inside have left. Needed for a live swap of the store bundle: the broker drops its reference
 * before the store is deactivated, but a request that picked the store up a moment earlier may
 * still be appending; closing under it could acknowledge a record the close never forced.
 *
 * <p>A call {@link #enter enters} with the read lock (non-blocking: callers never queue behind a
 * close) and a call that arrives once closing has begun is turned away, so the caller answers
 * "busy, retry" instead of touching a closed log. {@link #closeAfterDrain} takes the write lock,
 * which waits for every call inside to leave, bounded.
 */
final class OpenGate {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean closing;

    /** True if the caller may use the store; it must then call {@link #leave()}. */
    boolean enter() {
        if (closing || !lock.readLock().tryLock()) {
            return false;
        }
        if (closing) {
            lock.readLock().unlock();
            return false;
        }
        return true;
    }

    void leave() {
        lock.readLock().unlock();
    }

    /**
     * Turns new calls away, waits up to {@code drain} for the calls inside to leave, then runs
     * {@code close}. Returns whether every call had left (false: closed after the wait ran out).
     */
    boolean closeAfterDrain(Duration drain, Runnable close) throws InterruptedException {
        closing = true;
        boolean drained = lock.writeLock().tryLock(drain.toMillis(), TimeUnit.MILLISECONDS);
        try {
            close.run();
        } finally {
            if (drained) {
                lock.writeLock().unlock();
            }
        }
        return drained;
    }
}
