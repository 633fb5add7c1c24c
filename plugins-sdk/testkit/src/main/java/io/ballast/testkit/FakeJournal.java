package io.ballast.testkit;

import io.ballast.spi.store.Journal;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory {@link Journal}. A force covers what was written when it started and publishes
 * its forced offset only as it returns, like a real fsync, so a policy that acknowledges early is
 * caught. Forces can be held at a gate, slowed, and made to fail (after which every force fails,
 * as the contract's fail-stop says). Thread-safe.
 */
public final class FakeJournal implements Journal {
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong forced = new AtomicLong();
    private final AtomicInteger forcesStarted = new AtomicInteger();
    private final AtomicInteger forcesReturned = new AtomicInteger();
    private final AtomicInteger writtenOffsetReads = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile long forceLatencyMillis;
    private volatile IOException failure;

    /** Appends {@code bytes} and returns the end offset a send would wait for. */
    public long append(long bytes) {
        return written.addAndGet(bytes);
    }

    /** Later forces block on entry until {@link #releaseForces()}. */
    public void holdForces() {
        gate = new CountDownLatch(1);
    }

    public void releaseForces() {
        gate.countDown();
    }

    public void forceLatencyMillis(long millis) {
        forceLatencyMillis = millis;
    }

    /** Every force from now on throws {@code e}. */
    public void failForcesWith(IOException e) {
        failure = e;
    }

    public int forcesStarted() {
        return forcesStarted.get();
    }

    /** Forces that returned or threw. */
    public int forces() {
        return forcesReturned.get();
    }

    /** How often someone asked for the written offset: a background flusher's looks. */
    public int writtenOffsetReads() {
        return writtenOffsetReads.get();
    }

    @Override
    public long writtenOffset() {
        writtenOffsetReads.incrementAndGet();
        return written.get();
    }

    @Override
    public long forcedOffset() {
        return forced.get();
    }

    @Override
    public long force() throws IOException {
        forcesStarted.incrementAndGet();
        long covers = written.get();
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a test held forces and never released them");
            }
            if (forceLatencyMillis > 0) {
                Thread.sleep(forceLatencyMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted in force", e);
        }
        try {
            if (failure != null) {
                throw failure;
            }
            return forced.accumulateAndGet(covers, Math::max);
        } finally {
            forcesReturned.incrementAndGet();
        }
    }
}
