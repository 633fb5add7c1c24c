package io.ballast.flush.async;

import java.util.concurrent.TimeUnit;

/**
 * When the background flush forces, in RocketMQ's terms: look every {@code intervalMillis}; force
 * once {@code leastPages} pages of {@value #PAGE_BYTES} bytes are dirty; and at least every
 * {@code thoroughIntervalMillis} force whatever is dirty, so a slow trickle of sends is not left
 * in the page cache indefinitely. Immutable.
 */
record AsyncFlushSettings(long intervalMillis, int leastPages, long thoroughIntervalMillis) {
    static final int PAGE_BYTES = 4096;

    AsyncFlushSettings {
        if (intervalMillis < 1) {
            throw new IllegalArgumentException("flushIntervalCommitLog must be at least 1 ms, was " + intervalMillis);
        }
    }

    static AsyncFlushSettings of(AsyncFlush.Config config) {
        return new AsyncFlushSettings(config.flushIntervalCommitLog(), config.flushCommitLogLeastPages(),
                config.flushCommitLogThoroughInterval());
    }

    long intervalNanos() {
        return TimeUnit.MILLISECONDS.toNanos(intervalMillis);
    }

    long thoroughIntervalNanos() {
        return TimeUnit.MILLISECONDS.toNanos(thoroughIntervalMillis);
    }

    /** Whether to force now, given the dirty bytes and whether the thorough interval has passed. */
    boolean forceNow(long dirtyBytes, boolean thoroughDue) {
        if (dirtyBytes <= 0) {
            return false;
        }
        return thoroughDue || dirtyBytes >= (long) leastPages * PAGE_BYTES;
    }
}
