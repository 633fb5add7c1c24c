package io.ballast.broker.server;

import io.ballast.broker.config.BrokerKey;
import io.ballast.broker.config.BrokerSettings;
import io.ballast.broker.config.LiveSettings;
import io.ballast.broker.metadata.TopicConfigs;
import io.ballast.remoting.RemotingClient;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.protocol.Json;
import io.ballast.remoting.protocol.RegisterBrokerBody;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.spi.replication.MasterLocation;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this broker registered with every name server: REGISTER_BROKER with the whole topic table
 * at start, every {@code registerNameServerPeriod} (clamped to 10–60 s, as upstream) and after
 * any topic change before that change is answered, so routes follow auto-created and retry topics
 * at once; UNREGISTER_BROKER on a
 * clean stop. A name server that does not answer is retried every second until it does; each
 * one's state change (reachable ↔ not) is logged once. On a slave, the answers name the master
 * ({@code masterAddr}, {@code haServerAddr}): kept for the metadata sync and handed to a listener
 * whenever they change, so the replication link follows a master that moved.
 */
final class NameServerRegistration implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NameServerRegistration.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Duration REGISTER_NOW_WAIT = Duration.ofSeconds(3);
    private static final long RETRY_MILLIS = 1000;
    /** Retries right after start are quick: a name server in the same JVM comes up within moments. */
    private static final long EARLY_RETRY_MILLIS = 100;
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final LiveSettings settings;
    private final TopicConfigs topics;
    private final RemotingClient client;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean retryPending = new AtomicBoolean();
    private final Map<String, Boolean> reachable = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private final long startedAt = System.nanoTime();
    private final CompletableFuture<Void> firstRegistration = new CompletableFuture<>();
    /**
     * The master's remoting address as the name servers last reported it (REGISTER_BROKER's
     * {@code masterAddr}, present once a master of this broker name is registered): where a
     * slave pulls its metadata from. An answer without it leaves the last one in place: a master
     * that expired from the name server usually returns on the same address.
     */
    private final AtomicReference<String> masterAddress = new AtomicReference<>();
    /** Both of the master's addresses, once an answer named them; the listener hears each change. */
    private final AtomicReference<MasterLocation> masterLocation = new AtomicReference<>();
    private volatile Consumer<MasterLocation> masterLocationListener = location -> { };

    NameServerRegistration(LiveSettings settings, TopicConfigs topics, RemotingClient client, ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.topics = topics;
        this.client = client;
        this.scheduler = scheduler;
    }

    void start() {
        scheduler.execute(this::periodic);
    }

    private void periodic() {
        if (closed) {
            return;
        }
        registerAll();
        long period = Math.max(10_000, Math.min(60_000, settings.current().number(BrokerKey.REGISTER_NAME_SERVER_PERIOD)));
        scheduler.schedule(this::periodic, period, TimeUnit.MILLISECONDS);
    }

    /** Completes once some name server took this broker's registration: from then on clients can route to it. */
    CompletableFuture<Void> firstRegistration() {
        return firstRegistration;
    }

    /** The master's address from the last name-server answer that named one; empty before any did. */
    Optional<String> masterAddress() {
        return Optional.ofNullable(masterAddress.get());
    }

    /** Called, on a name-server answer's thread, with each master location that differs from the one before. */
    void onMasterLocation(Consumer<MasterLocation> listener) {
        masterLocationListener = listener;
        MasterLocation known = masterLocation.get();
        if (known != null) {
            listener.accept(known);
        }
    }

    private void learnMaster(String brokerAddress, String haAddress) {
        if (brokerAddress == null || brokerAddress.isBlank()) {
            return; // no master registered: keep the last one, which usually returns on the same addresses
        }
        masterAddress.set(brokerAddress.trim());
        if (haAddress == null || haAddress.isBlank()) {
            return;
        }
        MasterLocation location = new MasterLocation(haAddress.trim(), brokerAddress.trim());
        MasterLocation before = masterLocation.getAndSet(location);
        if (!location.equals(before)) {
            LOG.info("The name servers report this broker's master at {} (replication {})", location.brokerAddress(), location.haAddress());
            masterLocationListener.accept(location);
        }
    }

    /**
     * A topic changed: register at once and wait (bounded) for the name servers to take it, so a
     * client that asks for the route of a topic its send just created finds it, as with upstream.
     */
    void registerNow() {
        if (closed) {
            return;
        }
        try {
            registerAll().get(REGISTER_NOW_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // logged per name server by registerAll; the retry and the periodic round follow up
        }
    }

    /**
     * A name server did not take the registration: try again in a second rather than a whole
     * period, so a broker started alongside its name server (the default run) is routable at once.
     */
    private void retryShortly() {
        if (!closed && retryPending.compareAndSet(false, true)) {
            scheduler.schedule(() -> {
                retryPending.set(false);
                registerAll();
            }, System.nanoTime() - startedAt < GRACE_NANOS ? EARLY_RETRY_MILLIS : RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** @return completes when every name server answered (or failed) */
    private CompletableFuture<Void> registerAll() {
        BrokerSettings s = settings.current();
        List<CompletableFuture<?>> answers = new java.util.ArrayList<>();
        byte[] body = Json.write(new RegisterBrokerBody(topics.snapshot(), List.of()));
        CRC32 crc = new CRC32();
        crc.update(body);
        for (String nameServer : s.nameServers()) {
            RemotingCommand request = RemotingCommand.builder().code(RequestCode.REGISTER_BROKER)
                    .extField("brokerName", s.brokerName())
                    .extField("brokerAddr", s.brokerAddress())
                    .extField("clusterName", s.clusterName())
                    .extField("haServerAddr", s.haAddress())
                    .extField("brokerId", Long.toString(s.brokerId()))
                    .extField("heartbeatTimeoutMillis", "120000")
                    .extField("compressed", "false")
                    .extField("bodyCrc32", Long.toString(crc.getValue() & 0x7FFFFFFFL))
                    .body(Unpooled.wrappedBuffer(body))
                    .build();
            answers.add(client.invoke(nameServer, request, TIMEOUT).whenComplete((response, failure) -> {
                try {
                    boolean ok = failure == null && response.code() == ResponseCode.SUCCESS;
                    if (ok) {
                        learnMaster(response.extFields().get("masterAddr"), response.extFields().get("haServerAddr"));
                        firstRegistration.complete(null);
                    }
                    String why = failure != null ? failure.toString() : "code " + response.code() + " " + response.remark();
                    Boolean before = reachable.put(nameServer, ok);
                    if (ok && !Boolean.TRUE.equals(before)) {
                        LOG.info("Registered with name server {} as {} {} (id {})", nameServer, s.clusterName(), s.brokerName(), s.brokerId());
                    } else if (!ok && !Boolean.FALSE.equals(before)) {
                        if (System.nanoTime() - startedAt < GRACE_NANOS) {
                            // A name server started in the same JVM may not listen yet.
                            LOG.info("Name server {} not reachable yet ({}); retrying", nameServer, why);
                        } else {
                            LOG.warn("Registering with name server {} failed ({}); retrying", nameServer, why);
                        }
                    }
                    if (!ok) {
                        retryShortly();
                    }
                } finally {
                    ReferenceCountUtil.release(response);
                }
            }).toCompletableFuture());
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new));
    }

    /** Stops the rounds and tells the name servers this broker is gone, waiting briefly for each. */
    @Override
    public void close() {
        closed = true;
        BrokerSettings s = settings.current();
        for (String nameServer : s.nameServers()) {
            RemotingCommand request = RemotingCommand.builder().code(RequestCode.UNREGISTER_BROKER)
                    .extField("brokerName", s.brokerName())
                    .extField("brokerAddr", s.brokerAddress())
                    .extField("clusterName", s.clusterName())
                    .extField("brokerId", Long.toString(s.brokerId()))
                    .build();
            try {
                client.invoke(nameServer, request, Duration.ofSeconds(1)).toCompletableFuture()
                        .thenAccept(ReferenceCountUtil::release).get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.info("Unregistering from name server {} failed ({}); it expires this broker itself", nameServer, e.toString());
            }
        }
    }
}
