package io.ballast.broker;

import io.ballast.broker.client.ConsumerGroups;
import io.ballast.broker.client.ProducerGroups;
import io.ballast.broker.config.BrokerSettings;
import io.ballast.broker.config.LiveSettings;
import io.ballast.broker.metadata.JsonFile;
import io.ballast.broker.metadata.SubscriptionGroups;
import io.ballast.broker.metadata.TopicConfigs;
import io.ballast.broker.offset.ConsumerOffsets;
import io.ballast.broker.server.BrokerContext;
import io.ballast.broker.server.BrokerStats;
import io.ballast.spi.dedup.DedupFilter;
import io.ballast.spi.flush.FlushPolicy;
import io.ballast.spi.replication.ReplicationStrategy;
import io.ballast.store.CommitLogStore;
import io.ballast.store.StoreSettings;
import io.ballast.store.io.MappedStoreFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

/**
 * A broker without the network, for tests of request processors: a real {@link CommitLogStore}
 * under {@code dir/store} bound into {@link BoundServices} (its bind methods are package-private,
 * hence this class lives in this package), real metadata files under {@code dir/store/config},
 * and a scheduler. Appended messages become visible at once (no flush policy decides that here).
 */
public final class BrokerFixture implements AutoCloseable {
    private final CommitLogStore store;
    private final BoundServices services = new BoundServices();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final BrokerContext context;

    private BrokerFixture(Path dir, Map<String, String> settings) throws IOException {
        Map<String, String> all = new HashMap<>(settings);
        all.putIfAbsent("storePathRootDir", dir.resolve("store").toString());
        BrokerSettings broker = BrokerSettings.of(all, dir);
        StoreSettings storeSettings = new StoreSettings(broker.storeRoot(), 16 * 1024 * 1024, 10_000, 4 * 1024 * 1024,
                new InetSocketAddress("127.0.0.1", broker.listenPort()), Duration.ofHours(72), 99, 1_000, 4_000);
        store = CommitLogStore.open(new MappedStoreFiles(), storeSettings);
        store.acknowledgedOffset(store::writtenOffset);
        services.bindStore(store, Map.of("component.name", "commitlog"));
        Path config = broker.configDirectory();
        context = new BrokerContext(new LiveSettings(broker), services,
                TopicConfigs.open(new JsonFile(config.resolve("topics.json")), true, 8),
                SubscriptionGroups.open(new JsonFile(config.resolve("subscriptionGroup.json"))),
                ConsumerOffsets.open(new JsonFile(config.resolve("consumerOffset.json"))),
                new ConsumerGroups(Clock.systemUTC(), Duration.ofSeconds(120)), new ProducerGroups(), new BrokerStats(), scheduler);
    }

    public static BrokerFixture open(Path dir) throws IOException {
        return open(dir, Map.of());
    }

    /** @param settings broker.conf keys and values */
    public static BrokerFixture open(Path dir, Map<String, String> settings) throws IOException {
        return new BrokerFixture(dir, settings);
    }

    public BrokerContext context() { return context; }

    public CommitLogStore store() { return store; }

    public void bindFlush(FlushPolicy flush) { services.bindFlush(flush, Map.of()); }

    public void unbindFlush(FlushPolicy flush) { services.unbindFlush(flush); }

    public void bindReplication(ReplicationStrategy replication) { services.bindReplication(replication, Map.of()); }

    public void unbindReplication(ReplicationStrategy replication) { services.unbindReplication(replication); }

    public void bindDedup(DedupFilter dedup) { services.bindDedup(dedup, Map.of()); }

    /** Waits up to 10 s for {@code condition} (the store dispatches in the background). */
    public static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        store.close();
    }
}
