package io.ballast.benchmarks.store;

import io.ballast.spi.flush.FlushPolicy;
import io.ballast.store.CommitLogStore;
import io.ballast.store.StoreSettings;
import io.ballast.store.io.MappedStoreFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * A {@link CommitLogStore} as the broker runs it (memory-mapped segments of RocketMQ's default
 * 1 GiB, sparse on disk; default consume queues and index) in a fresh temporary directory, with
 * a flush policy bound as in the broker: the policy drives the store's journal (here wrapped in
 * a {@link CountingJournal}) and the store shows consumers only what the policy acknowledged.
 */
final class StoreOnDisk<P extends FlushPolicy & AutoCloseable> implements AutoCloseable {
    private static final InetSocketAddress STORE_HOST = new InetSocketAddress("127.0.0.1", 10911);

    private final Path root;
    private final CommitLogStore store;
    private final CountingJournal journal;
    private final P policy;

    private StoreOnDisk(Path root, CommitLogStore store, Function<CountingJournal, P> bind) {
        this.root = root;
        this.store = store;
        this.journal = new CountingJournal(store);
        this.policy = bind.apply(journal);
        store.acknowledgedOffset(policy::acknowledgedOffset); // what VisibilityGate does in the broker
    }

    /** {@code policy} makes the flush policy from the journal it is to drive, as DS would. */
    static <P extends FlushPolicy & AutoCloseable> StoreOnDisk<P> open(String purpose, Function<CountingJournal, P> policy) throws IOException {
        Path root = BenchmarkDirectory.create(purpose);
        return new StoreOnDisk<>(root, CommitLogStore.open(new MappedStoreFiles(), StoreSettings.defaults(root, STORE_HOST)), policy);
    }

    CommitLogStore store() {
        return store;
    }

    /** What the flush policy is given: the store's journal, counted. */
    CountingJournal journal() {
        return journal;
    }

    P policy() {
        return policy;
    }

    /** Stops the policy (a last force, every send answered), closes the store and deletes its files. */
    @Override
    public void close() {
        try {
            policy.close();
            store.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the flush policy failed", e);
        } finally {
            BenchmarkDirectory.delete(root);
        }
    }
}
