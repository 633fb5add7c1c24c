package io.ballast.dedup;

import io.ballast.spi.dedup.DedupFilter;
import io.ballast.store.CommitLogStore;
import io.ballast.store.StoreSettings;
import io.ballast.store.io.MappedStoreFiles;
import io.ballast.testkit.DedupFilterContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The idempotent-consumer filter, over an empty real store, against the testkit's dedup contract. */
class IdempotentDedupContractTest extends DedupFilterContract {
    private static final IdempotentDedup.Settings WINDOW =
            new IdempotentDedup.Settings(true, 600, 10 * DedupFilterContract.WINDOW_KEYS, 3_000);

    @TempDir
    Path dir;
    private CommitLogStore store;
    private IdempotentDedup filter;

    @Override
    protected DedupFilter newFilter() {
        try {
            store = CommitLogStore.open(new MappedStoreFiles(), new StoreSettings(dir.resolve("store"), 64 * 1024,
                    1000, 8 * 1024, new InetSocketAddress("127.0.0.1", 10911), Duration.ofHours(72), 99, 1009, 4000));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        filter = new IdempotentDedup(store, store, WINDOW, System::currentTimeMillis);
        return filter;
    }

    @AfterEach
    void closeFilterAndStore() throws Exception {
        if (filter != null) {
            filter.close();
        }
        if (store != null) {
            store.close();
        }
    }
}
