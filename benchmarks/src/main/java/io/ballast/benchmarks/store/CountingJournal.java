package io.ballast.benchmarks.store;

import io.ballast.spi.store.Journal;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store's journal as a flush policy sees it, counting the policy's calls to
 * {@link #force()}. The policy contract is that durability costs exactly these calls, so this is
 * the force rate to set beside the disk's own limit. Thread-safe, as {@link Journal} requires.
 */
final class CountingJournal implements Journal {
    private final Journal store;
    private final AtomicLong forces = new AtomicLong();

    CountingJournal(Journal store) {
        this.store = store;
    }

    /** Calls to {@link #force()} so far. */
    long forces() {
        return forces.get();
    }

    @Override
    public long writtenOffset() {
        return store.writtenOffset();
    }

    @Override
    public long forcedOffset() {
        return store.forcedOffset();
    }

    @Override
    public long force() throws IOException {
        forces.incrementAndGet();
        return store.force();
    }
}
