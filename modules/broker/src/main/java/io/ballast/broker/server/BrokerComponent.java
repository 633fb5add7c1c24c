package io.ballast.broker.server;

import io.ballast.broker.BoundServices;
import io.ballast.broker.admin.AdminArea;
import io.ballast.broker.client.ConsumerGroups;
import io.ballast.broker.client.ProducerGroups;
import io.ballast.broker.config.BrokerKey;
import io.ballast.broker.config.BrokerSettings;
import io.ballast.broker.config.LiveSettings;
import io.ballast.broker.consume.ConsumeArea;
import io.ballast.broker.metadata.JsonFile;
import io.ballast.broker.metadata.SubscriptionGroups;
import io.ballast.broker.metadata.TopicConfigs;
import io.ballast.broker.offset.ConsumerOffsets;
import io.ballast.broker.send.MessageArea;
import io.ballast.broker.slave.MetadataWatchArea;
import io.ballast.broker.slave.SlaveMetadataSync;
import io.ballast.remoting.ConnectionListener;
import io.ballast.remoting.ProcessorExecutor;
import io.ballast.remoting.RemotingChannel;
import io.ballast.remoting.RemotingClient;
import io.ballast.remoting.RemotingServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.EnumMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker as a running server, when this JVM has the broker role: opens the broker's metadata
 * under {@code storePathRootDir/config}, starts the remoting server on {@code brokerIP1:listenPort}
 * with every area's processors on their lanes, registers with the name servers and persists
 * consumer offsets on schedule. Announces itself to the launcher's readiness as the endpoint
 * {@code broker}.
 *
 * <p>Settings marked live in {@link BrokerKey} apply to the next request after an edit of etc/;
 * the others are logged as waiting for a restart.
 */
@Component(configurationPid = "io.ballast.broker", configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        service = {})
public final class BrokerComponent {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerComponent.class);

    private final LiveSettings settings;
    private final boolean enabled;
    private ScheduledExecutorService scheduler;
    private ConsumerOffsets offsets;
    private List<BrokerArea> areas = List.of();
    private final Map<Lane, ProcessorExecutor> executors = new EnumMap<>(Lane.class);
    private RemotingServer server;
    private RemotingClient nameServerClient;
    private NameServerRegistration registration;
    /** On a slave: the pull of the master's metadata, and its connection to the master. */
    private SlaveMetadataSync metadataSync;
    private RemotingClient masterClient;
    /** On a slave: the master's location, offered to the replication link. */
    private MasterLocationPublisher masterLocation;
    private ServiceRegistration<?> endpoint;
    private boolean stopped;
    private static final Duration ENDPOINT_WAIT_FOR_NAME_SERVER = Duration.ofSeconds(10);

    @Activate
    public BrokerComponent(BundleContext context, Map<String, Object> properties, @Reference BoundServices services,
                           @Reference ConfigurationAdmin configurationAdmin) throws IOException {
        String base = context.getProperty("ballast.base");
        this.settings = new LiveSettings(BrokerSettings.of(properties, base == null ? null : Path.of(base)));
        String roles = context.getProperty("ballast.roles");
        this.enabled = roles != null && Arrays.stream(roles.split(",")).map(String::trim).anyMatch("broker"::equals);
        if (!enabled) {
            LOG.debug("Broker role not chosen; the broker server stays off");
            return;
        }
        BrokerSettings s = settings.current();
        s.problems().forEach(p -> LOG.warn("Broker configuration: {}", p));
        try {
            start(context, services, configurationAdmin, s);
        } catch (IOException | RuntimeException e) {
            stop();
            throw e;
        }
    }

    private void start(BundleContext context, BoundServices services, ConfigurationAdmin configurationAdmin, BrokerSettings s)
            throws IOException {
        Path config = s.configDirectory();
        TopicConfigs topics = TopicConfigs.open(new JsonFile(config.resolve("topics.json")),
                s.flag(BrokerKey.AUTO_CREATE_TOPIC_ENABLE), s.integer(BrokerKey.DEFAULT_TOPIC_QUEUE_NUMS));
        SubscriptionGroups groups = SubscriptionGroups.open(new JsonFile(config.resolve("subscriptionGroup.json")));
        offsets = ConsumerOffsets.open(new JsonFile(config.resolve("consumerOffset.json")));
        scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "ballast-broker-scheduler");
            t.setDaemon(true);
            return t;
        });
        BrokerContext ctx = new BrokerContext(settings, services, topics, groups, offsets,
                new ConsumerGroups(Clock.systemUTC(), Duration.ofSeconds(120)), new ProducerGroups(), new BrokerStats(), scheduler);
        MessageArea messages = new MessageArea(ctx);
        // The metadata watch is served whatever the role: its slaves find it on a master, and
        // unwatched it costs a counter per change.
        areas = List.of(messages, new ConsumeArea(ctx),
                new AdminArea(ctx, new ConfigAdminUpdater(configurationAdmin)),
                new MetadataWatchArea(ctx, messages.delayOffsets()));

        executors.put(Lane.SEND, ProcessorExecutor.create("send", s.integer(BrokerKey.SEND_THREAD_POOL_NUMS),
                s.integer(BrokerKey.SEND_THREAD_POOL_QUEUE_CAPACITY)));
        executors.put(Lane.PULL, ProcessorExecutor.create("pull", s.integer(BrokerKey.PULL_THREAD_POOL_NUMS),
                s.integer(BrokerKey.PULL_THREAD_POOL_QUEUE_CAPACITY)));
        executors.put(Lane.QUERY, ProcessorExecutor.create("query", 4, 20_000));
        executors.put(Lane.CLIENT, ProcessorExecutor.create("client", 4, 50_000));
        executors.put(Lane.ADMIN, ProcessorExecutor.create("admin", 2, 1_000));

        RemotingServer.Builder builder = RemotingServer.builder("broker")
                .bind(new InetSocketAddress(s.host(), s.listenPort()))
                .idleTimeout(Duration.ofSeconds(s.integer(BrokerKey.CHANNEL_IDLE_SECONDS)))
                .connectionListener(new ConnectionListener() {
                    @Override
                    public void connected(RemotingChannel channel) {
                    }

                    @Override
                    public void closed(RemotingChannel channel) {
                        areas.forEach(a -> a.connectionClosed(channel));
                    }
                });
        for (BrokerArea area : areas) {
            area.register((code, processor, lane) -> builder.register(code, processor, executors.get(lane)));
        }
        server = builder.build();
        InetSocketAddress bound = server.start();
        areas.forEach(BrokerArea::start);

        long offsetInterval = s.number(BrokerKey.FLUSH_CONSUMER_OFFSET_INTERVAL);
        scheduler.scheduleWithFixedDelay(this::persistOffsets, offsetInterval, offsetInterval, TimeUnit.MILLISECONDS);

        nameServerClient = new RemotingClient("broker-to-namesrv");
        registration = new NameServerRegistration(settings, topics, nameServerClient, scheduler);
        topics.onChange(registration::registerNow);
        registration.start();
        if (s.isSlave()) {
            masterLocation = new MasterLocationPublisher(context);
            registration.onMasterLocation(masterLocation::publish);
            masterClient = new RemotingClient("slave-to-master");
            metadataSync = new SlaveMetadataSync(ctx, messages.delayOffsets(), registration::masterAddress, masterClient);
            metadataSync.start();
        }

        LOG.info("Broker {} (cluster {}, id {}) listening on {}:{}", s.brokerName(), s.clusterName(), s.brokerId(),
                bound.getHostString(), bound.getPort());
        // Ready for the launcher once a name server routes to this broker: before that a client's
        // first send finds no route. A name server that stays away does not hold the start for long.
        registration.firstRegistration()
                .completeOnTimeout(null, ENDPOINT_WAIT_FOR_NAME_SERVER.toMillis(), TimeUnit.MILLISECONDS)
                .thenRun(() -> announce(context, bound));
    }

    private synchronized void announce(BundleContext context, InetSocketAddress bound) {
        if (stopped) {
            return;
        }
        if (!registration.firstRegistration().isDone()) {
            LOG.warn("No name server has taken this broker's registration yet; announcing it anyway, still retrying");
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("ballast.endpoint", "broker");
        props.put("ballast.endpoint.address", bound.getHostString() + ":" + bound.getPort());
        endpoint = context.registerService(BrokerComponent.class, this, props);
    }

    private void persistOffsets() {
        try {
            offsets.persist();
        } catch (IOException e) {
            LOG.error("Writing consumer offsets failed; retrying next interval: {}", e.toString());
        }
    }

    @Modified
    void modified(Map<String, Object> properties, BundleContext context) {
        String base = context.getProperty("ballast.base");
        BrokerSettings next = BrokerSettings.of(properties, base == null ? null : Path.of(base));
        BrokerSettings previous = settings.replace(next);
        next.problems().forEach(p -> LOG.warn("Broker configuration: {}", p));
        List<String> waiting = new ArrayList<>();
        for (BrokerKey key : BrokerKey.values()) {
            if (!previous.string(key).equals(next.string(key))) {
                if (key.applies() == BrokerKey.Applies.RESTART) {
                    waiting.add(key.key());
                } else {
                    LOG.info("Broker configuration: {} = {} applies now", key.key(), next.string(key));
                }
            }
        }
        if (!waiting.isEmpty() && enabled) {
            LOG.warn("Broker configuration: {} changed and apply after a restart", waiting);
        }
    }

    @Deactivate
    void stop() {
        synchronized (this) {
            stopped = true;
            if (endpoint != null) {
                endpoint.unregister();
                endpoint = null;
            }
        }
        if (metadataSync != null) {
            metadataSync.close();
        }
        if (registration != null) {
            registration.close();
        }
        if (masterLocation != null) {
            masterLocation.close();
        }
        // Areas first: held pulls are answered and timers stop while connections are still open.
        for (BrokerArea area : areas) {
            try {
                area.close();
            } catch (RuntimeException e) {
                LOG.warn("Closing {} failed: {}", area.getClass().getSimpleName(), e.toString());
            }
        }
        if (server != null) {
            server.close();
        }
        if (nameServerClient != null) {
            nameServerClient.close();
        }
        if (masterClient != null) {
            masterClient.close();
        }
        executors.values().forEach(ProcessorExecutor::close);
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (offsets != null) {
            persistOffsets();
        }
        LOG.info("Broker stopped");
    }
}
