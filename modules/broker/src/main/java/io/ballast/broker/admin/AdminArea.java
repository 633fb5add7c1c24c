package io.ballast.broker.admin;

import io.ballast.broker.server.BrokerArea;
import io.ballast.broker.server.BrokerContext;
import io.ballast.broker.server.ProcessorTable;
import java.time.Clock;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The broker's administration side: what mqadmin and the dashboard ask of a broker. Topics
 * (17, 215, 21, 351), queue and consume statistics (202, 208, 300), runtime figures (28), the
 * broker configuration (25, 26), subscription groups and offsets (200, 201, 207, 43) and client
 * connections (203, 204). All on the ADMIN lane.
 */
public final class AdminArea implements BrokerArea {
    /** How often traffic is sampled for the tps figures (upstream's shortest window is 10 s). */
    static final long SAMPLE_SECONDS = 10;

    private final BrokerContext context;
    private final TopicAdministration topics;
    private final QueueStatistics statistics;
    private final RuntimeInfo runtime;
    private final BrokerConfiguration configuration;
    private final GroupAdministration groups;
    private final Clock clock;
    private ScheduledFuture<?> sampling;

    /**
     * @param updater stores UPDATE_BROKER_CONFIG changes (the broker component writes them to
     *                ConfigAdmin pid {@code io.ballast.broker})
     */
    public AdminArea(BrokerContext context, BrokerConfigUpdater updater) {
        this(context, updater, Clock.systemDefaultZone());
    }

    AdminArea(BrokerContext context, BrokerConfigUpdater updater, Clock clock) {
        this.context = context;
        this.clock = clock;
        this.topics = new TopicAdministration(context);
        this.statistics = new QueueStatistics(context, clock);
        this.runtime = new RuntimeInfo(context, clock);
        this.configuration = new BrokerConfiguration(context, updater);
        this.groups = new GroupAdministration(context);
    }

    @Override
    public void register(ProcessorTable table) {
        topics.register(table);
        statistics.register(table);
        runtime.register(table);
        configuration.register(table);
        groups.register(table);
    }

    @Override
    public synchronized void start() {
        if (sampling == null) {
            sampling = context.scheduler().scheduleAtFixedRate(this::sample, SAMPLE_SECONDS, SAMPLE_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Samples the running totals that rates are reported from. */
    void sample() {
        runtime.sample();
        statistics.sample(clock.millis());
    }

    @Override
    public synchronized void close() {
        if (sampling != null) {
            sampling.cancel(false);
            sampling = null;
        }
    }
}
