package io.ballast.flush.async;

import io.ballast.spi.store.Journal;
import java.io.IOException;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "ballast-flush-async" thread: wakes every interval, forces when {@link AsyncFlushSettings}
 * says so. The first failed force ends it (the journal is read-only from then on, so retrying
 * would only spin and fill the log); the failure is kept for {@link AsyncFlush} to report.
 *
 * <p>Thread-safety: {@link #start()}, {@link #stopAndForce()} and {@link #update} are called by
 * the component's lifecycle (one at a time); {@link #failure()} from any thread. The thread is
 * woken with {@code unpark}, never interrupted: an interrupt during a FileChannel force closes
 * the channel.
 */
final class IntervalFlusher implements Runnable {
    static final String THREAD_NAME = "ballast-flush-async";
    private static final Logger LOG = LoggerFactory.getLogger(IntervalFlusher.class);

    private final Journal journal;
    private final Thread thread = new Thread(this, THREAD_NAME);
    private volatile AsyncFlushSettings settings;
    private volatile boolean running = true;
    private volatile IOException failure;

    IntervalFlusher(Journal journal, AsyncFlushSettings settings) {
        this.journal = journal;
        this.settings = settings;
        thread.setDaemon(true); // deactivation, not JVM exit, does the last force
    }

    void start() {
        thread.start();
    }

    /** New settings apply from the next wake-up, which happens at once. */
    void update(AsyncFlushSettings newSettings) {
        settings = newSettings;
        LockSupport.unpark(thread);
    }

    /** The IOException that stopped the journal, or null while forces succeed. */
    IOException failure() {
        return failure;
    }

    @Override
    public void run() {
        long lastThorough = System.nanoTime();
        while (running) {
            AsyncFlushSettings current = settings;
            // Wakes early on update() or stop, and spuriously: an early look is harmless.
            LockSupport.parkNanos(this, current.intervalNanos());
            if (!running) {
                return;
            }
            long now = System.nanoTime();
            boolean thoroughDue = now - lastThorough >= current.thoroughIntervalNanos();
            if (thoroughDue) {
                lastThorough = now;
            }
            long dirty = journal.writtenOffset() - journal.forcedOffset();
            if (current.forceNow(dirty, thoroughDue) && !force()) {
                return;
            }
        }
    }

    /** Ends the thread, waits for it (a force in progress finishes), then forces what is still dirty. */
    void stopAndForce() {
        running = false;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true; // the last force must still run, after the thread's own
            }
        }
        if (failure == null) {
            force();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Forces once; false, after logging it once, if the journal failed. */
    private boolean force() {
        try {
            journal.force();
            return true;
        } catch (IOException | RuntimeException e) {
            IOException io = e instanceof IOException ioe ? ioe : new IOException("Journal force failed: " + e, e);
            failure = io;
            // The journal logs the failure itself, once, with the file and the cause.
            LOG.warn("Async flush stops: the journal is read-only after a failed force ({}); every later send fails",
                    io.getMessage());
            return false;
        }
    }
}
