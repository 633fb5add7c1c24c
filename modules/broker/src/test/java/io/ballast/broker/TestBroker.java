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
import io.ballast.spi.message.Message;
import io.ballast.spi.store.StoreException;
import io.ballast.store.CommitLogStore;
import io.ballast.store.StoreSettings;
import io.ballast.store.io.MappedStoreFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A broker without a network for processor tests: a real {@link CommitLogStore} (small segments)
 * bound as the message store, metadata files in a temporary folder, and settings that can be
 * replaced as an etc/ edit would. Messages become visible as soon as they are appended, as under
 * async flush.
 */
public final class TestBroker implements AutoCloseable {
    public final CommitLogStore store;
    public final LiveSettings settings;
    public final BrokerContext context;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    private TestBroker(Path dir, Map<String, String> properties) throws IOException {
        InetSocketAddress host = new InetSocketAddress("127.0.0.1", 10911);
        store = CommitLogStore.open(new MappedStoreFiles(), new StoreSettings(dir.resolve("store"), 64 * 1024, 1000,
                8 * 1024, host, Duration.ofHours(72), 99, 1009, 4000));
        store.acknowledgedOffset(store::writtenOffset);
        BoundServices services = new BoundServices();
        services.bindStore(store, Map.of("component.name", "store-commitlog"));
        settings = new LiveSettings(BrokerSettings.of(properties, dir));
        Path config = dir.resolve("config");
        context = new BrokerContext(settings, services,
                TopicConfigs.open(new JsonFile(config.resolve("topics.json")), true, 8),
                SubscriptionGroups.open(new JsonFile(config.resolve("subscriptionGroup.json"))),
                ConsumerOffsets.open(new JsonFile(config.resolve("consumerOffset.json"))),
                new ConsumerGroups(Clock.systemUTC(), Duration.ofSeconds(120)), new ProducerGroups(),
                new BrokerStats(), scheduler);
    }

    public static TestBroker open(Path dir) throws IOException {
        return open(dir, Map.of("brokerName", "broker-t", "storePathRootDir", dir.resolve("store").toString()));
    }

    public static TestBroker open(Path dir, Map<String, String> properties) throws IOException {
        return new TestBroker(dir, properties);
    }

    /** Appends {@code count} messages to one queue and waits until they are readable. */
    public void append(String topic, int queueId, int count) throws StoreException, InterruptedException {
        for (int i = 0; i < count; i++) {
            store.append(Message.builder(topic, ("m" + i).getBytes()).queueId(queueId)
                    .bornTimestamp(System.currentTimeMillis()).build());
        }
        long target = store.writtenOffset();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (store.watermarks().visible() < target || store.maxQueueOffset(topic, queueId) == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("appended messages did not become visible within 10 s");
            }
            Thread.sleep(1);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        store.close();
    }
}
