package io.ballast.broker.slave;

import io.ballast.remoting.RemotingClient;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A slave's side of the metadata watch (layout in {@link MetadataWatch}): one WATCH_METADATA
 * request at a time to the master, re-sent as soon as it is answered; an answer naming changed
 * tables asks for a sync round at once. Only one request is ever outstanding, so a slave costs its
 * master one held request.
 *
 * <p>A master that answers REQUEST_CODE_NOT_SUPPORTED (an older Ballast, Apache RocketMQ) is
 * logged once and asked again only when the master's address changes; the interval alone keeps
 * the slave in step with it. A master that cannot be reached is asked again after
 * {@link #RETRY_MILLIS}, as if the slave knew no version (the next answer then reports every table
 * changed, so the round after a reconnect is never skipped).
 */
final class MasterWatch {
    private static final Logger LOG = LoggerFactory.getLogger(MasterWatch.class);
    static final long RETRY_MILLIS = 1_000;
    /** Above the master's hold ceiling, so a held watch is answered before the call gives up. */
    private static final Duration CALL_TIMEOUT = Duration.ofMillis(MetadataWatch.MAX_HOLD_MILLIS + 5_000);
    /** Floor between two watches, so a master that answers at once without cause cannot spin the slave. */
    private static final long MIN_GAP_MILLIS = 50;

    private final RemotingClient client;
    private final ScheduledExecutorService scheduler;
    private final Supplier<Optional<String>> master;
    private final Runnable roundNow;
    private final LongSupplier intervalMillis;
    private final long holdMillis;
    /** What the master last said; epoch 0 = nothing known (the next answer reports all changed). */
    private String watched;
    private long epoch;
    private long version = -1;
    private String unsupported;
    private volatile boolean closed;

    /**
     * @param master         the master to watch, as the sync round finds it
     * @param roundNow       asks for a sync round now (the caller keeps rounds from overlapping)
     * @param intervalMillis the periodic sync's interval: how often to look again at a master that
     *                       does not serve the watch
     * @param holdMillis     how long the master may hold a watch (at most {@link MetadataWatch#MAX_HOLD_MILLIS})
     */
    MasterWatch(RemotingClient client, ScheduledExecutorService scheduler, Supplier<Optional<String>> master,
                Runnable roundNow, LongSupplier intervalMillis, long holdMillis) {
        this.client = client;
        this.scheduler = scheduler;
        this.master = master;
        this.roundNow = roundNow;
        this.intervalMillis = intervalMillis;
        this.holdMillis = holdMillis;
    }

    void start() {
        later(0);
    }

    void close() {
        closed = true;
    }

    /** Runs on the scheduler, one at a time: each answer or failure schedules the next. */
    private void watch() {
        if (closed) {
            return;
        }
        Optional<String> address = master.get();
        if (address.isEmpty()) {
            later(RETRY_MILLIS);
            return;
        }
        String to = address.get();
        if (!to.equals(watched)) {
            watched = to;
            forget();
        }
        if (to.equals(unsupported)) {
            later(intervalMillis.getAsLong());
            return;
        }
        RemotingCommand.Builder request = RemotingCommand.builder().code(RequestCode.WATCH_METADATA)
                .extField("since", Long.toString(version))
                .extField("holdMillis", Long.toString(holdMillis));
        if (epoch != 0) {
            request.extField("epoch", Long.toString(epoch));
        }
        long sent = System.nanoTime();
        client.invoke(to, request.build(), CALL_TIMEOUT).whenComplete((response, failure) -> {
            try {
                if (failure != null) {
                    LOG.debug("Metadata watch on master {} failed ({}); again in {} ms", to, failure.toString(), RETRY_MILLIS);
                    forget();
                    later(RETRY_MILLIS);
                } else {
                    answered(to, response, sent);
                }
            } finally {
                if (response != null) {
                    response.release();
                }
            }
        });
    }

    private void answered(String to, RemotingCommand response, long sentNanos) {
        if (response.code() == ResponseCode.REQUEST_CODE_NOT_SUPPORTED) {
            unsupported = to;
            LOG.info("Master {} does not serve the metadata watch (request {}); the slave syncs from it every {} ms only",
                    to, RequestCode.WATCH_METADATA, intervalMillis.getAsLong());
            later(intervalMillis.getAsLong());
            return;
        }
        Map<String, String> fields = response.extFields();
        try {
            if (response.code() != ResponseCode.SUCCESS) {
                throw new IllegalArgumentException("code " + response.code() + " (" + response.remark() + ")");
            }
            long answeredEpoch = Long.parseLong(fields.getOrDefault("epoch", ""));
            long answeredVersion = Long.parseLong(fields.getOrDefault("version", ""));
            Set<MetadataTable> changed = MetadataTable.fromWire(fields.get("changed"));
            epoch = answeredEpoch;
            version = answeredVersion;
            if (!changed.isEmpty()) {
                LOG.debug("Master {} changed {}; syncing now", to, changed);
                roundNow.run();
            }
        } catch (IllegalArgumentException e) { // NumberFormatException too
            LOG.warn("Master {} answered the metadata watch unusably ({}); again in {} ms", to, e.getMessage(), RETRY_MILLIS);
            forget();
            later(RETRY_MILLIS);
            return;
        }
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentNanos);
        later(Math.max(0, MIN_GAP_MILLIS - elapsed));
    }

    private void forget() {
        epoch = 0;
        version = -1;
    }

    private void later(long delayMillis) {
        if (closed) {
            return;
        }
        try {
            scheduler.schedule(this::watch, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the broker is stopping
        }
    }
}
