package io.ballast.broker.consume;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.broker.TestServices;
import io.ballast.broker.client.ConsumerGroups;
import io.ballast.broker.config.BrokerSettings;
import io.ballast.broker.config.LiveSettings;
import io.ballast.broker.metadata.JsonFile;
import io.ballast.broker.metadata.SubscriptionGroups;
import io.ballast.broker.metadata.TopicConfigs;
import io.ballast.broker.offset.ConsumerOffsets;
import io.ballast.broker.server.BrokerContext;
import io.ballast.broker.server.BrokerStats;
import io.ballast.remoting.RemotingChannel;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestException;
import io.ballast.remoting.RequestProcessor;
import io.ballast.remoting.protocol.Perm;
import io.ballast.remoting.protocol.TopicConfig;
import io.ballast.spi.message.Message;
import io.ballast.spi.message.MessageProperties;
import io.ballast.spi.store.AppendResult;
import io.ballast.store.CommitLogStore;
import io.ballast.store.StoreSettings;
import io.ballast.store.io.MappedStoreFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A broker's consuming side without the network: a real CommitLogStore (visible as soon as
 * written), real metadata files under a temp folder, and the area's processors called directly.
 */
public final class ConsumeFixture implements AutoCloseable {
    public final CommitLogStore store;
    public final BrokerContext context;
    public final ConsumeArea area;
    public final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final Map<Integer, RequestProcessor> processors = new HashMap<>();
    private final LiveSettings settings;
    private final Path base;
    private int opaque;

    public ConsumeFixture(Path base) throws IOException {
        this(base, Map.of());
    }

    public ConsumeFixture(Path base, Map<String, String> conf) throws IOException {
        this(base, conf, Clock.systemUTC());
    }

    public ConsumeFixture(Path base, Map<String, String> conf, Clock clock) throws IOException {
        this.base = base;
        store = CommitLogStore.open(new MappedStoreFiles(), new StoreSettings(base.resolve("store"), 1 << 20, 1000,
                64 * 1024, new InetSocketAddress("127.0.0.1", 10911), Duration.ofHours(72), 99, 1009, 4000));
        store.acknowledgedOffset(store::writtenOffset);
        settings = new LiveSettings(BrokerSettings.of(conf, base));
        Path config = base.resolve("config");
        context = new BrokerContext(settings, TestServices.withStore(store),
                TopicConfigs.open(new JsonFile(config.resolve("topics.json")), true, 8),
                SubscriptionGroups.open(new JsonFile(config.resolve("subscriptionGroup.json"))),
                ConsumerOffsets.open(new JsonFile(config.resolve("consumerOffset.json"))),
                new ConsumerGroups(clock, Duration.ofSeconds(120)), new BrokerStats(), scheduler);
        area = new ConsumeArea(context, clock);
        area.register((code, processor, lane) -> processors.put(code, processor));
    }

    public void settings(Map<String, String> conf) {
        settings.replace(BrokerSettings.of(conf, base));
    }

    public void topic(String name, int queues) {
        context.topics().put(TopicConfig.of(name, queues, Perm.READ | Perm.WRITE));
    }

    /** Appends a message and waits until consumers can see it. */
    public AppendResult send(String topic, int queueId, String tag, String body) throws Exception {
        return send(Message.builder(topic, body.getBytes(StandardCharsets.UTF_8)).queueId(queueId)
                .properties(tag == null ? Map.of() : Map.of(MessageProperties.TAGS, tag)).build());
    }

    public AppendResult send(Message message) throws Exception {
        long before = store.maxQueueOffset(message.topic(), message.queueId());
        AppendResult result = store.append(message);
        awaitMax(message.topic(), message.queueId(), before + 1);
        return result;
    }

    public void awaitMax(String topic, int queueId, long max) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.maxQueueOffset(topic, queueId) < max) {
            assertTrue(System.nanoTime() < deadline, "the store never made offset " + (max - 1) + " visible");
            Thread.sleep(2);
        }
    }

    public RemotingCommand.Builder request(int code) {
        return RemotingCommand.builder().code(code).opaque(++opaque);
    }

    /** Calls the processor registered for the code; a RequestException becomes the response the server would send. */
    public CompletionStage<RemotingCommand> call(RemotingChannel channel, RemotingCommand request) throws Exception {
        try {
            return processors.get(request.code()).process(channel, request);
        } catch (RequestException e) {
            return java.util.concurrent.CompletableFuture.completedFuture(
                    RemotingCommand.responseTo(request, e.responseCode()).remark(e.remark()).build());
        }
    }

    /** Calls and waits for the answer (long polls included), with a generous bound. */
    public RemotingCommand answer(RemotingChannel channel, RemotingCommand request) throws Exception {
        try {
            return call(channel, request).toCompletableFuture().get(40, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RequestException re) {
                return RemotingCommand.responseTo(request, re.responseCode()).remark(re.remark()).build();
            }
            throw e;
        }
    }

    public boolean isRegistered(int code) {
        return processors.containsKey(code);
    }

    @Override
    public void close() {
        area.close();
        scheduler.shutdownNow();
        store.close();
    }
}
