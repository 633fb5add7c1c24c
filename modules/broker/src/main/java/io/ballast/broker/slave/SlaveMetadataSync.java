package io.ballast.broker.slave;

import io.ballast.broker.config.BrokerKey;
import io.ballast.broker.delay.DelayOffsets;
import io.ballast.broker.offset.ConsumerOffsets.Commit;
import io.ballast.broker.server.BrokerContext;
import io.ballast.remoting.RemotingClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A slave's copy of its master's metadata (wire format §5.6, issue 5 item 4): pull the master's
 * topics, subscription groups, consumer offsets and delay offsets and apply them:
 * <ul>
 *   <li>topics and groups replace the slave's tables (persisted), as upstream;</li>
 *   <li>consumer and delay offsets merge forward: per queue (per level) the larger value stays, so
 *       the slave never moves an offset backwards;</li>
 *   <li>consumer offsets the slave holds ahead of the master (committed while the master was down)
 *       are carried back to the master instead of being overwritten (RocketMQ #2513, #2705).</li>
 * </ul>
 * A round runs at start, on change and every {@code metadataSyncInterval} ms:
 * <ul>
 *   <li><b>on change</b>: a {@link MasterWatch} keeps one WATCH_METADATA request (Ballast-private,
 *       layout in {@link MetadataWatch}) waiting on the master, which answers it as soon as a table
 *       changed: topics and groups at once, offset-only changes at most about once a second. The
 *       answer asks for a round now. A master that does not serve the watch (an older Ballast,
 *       Apache RocketMQ) leaves the interval alone in charge, logged once;</li>
 *   <li><b>every interval</b>, counted from the end of the last round: the safety net for a missed
 *       or unsupported watch, and the retry after a failed round.</li>
 * </ul>
 * Rounds never overlap: a round asked for while one runs starts right after it, once, whatever
 * number of asks came in between.
 *
 * <p>The master is the one the name servers report ({@code masterAddr} of REGISTER_BROKER's
 * answer), else the {@code masterAddress} setting. A master that cannot be reached is logged once,
 * on the change, and tried again next interval.
 */
public final class SlaveMetadataSync implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SlaveMetadataSync.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    /** Floor of the interval, so a typo of 0 does not turn the sync into a busy loop against the master. */
    private static final long MIN_INTERVAL_MILLIS = 100;

    /** What the last round found; a change of it is what gets logged. */
    private enum State { NO_MASTER, UNREACHABLE, SYNCED }

    private final BrokerContext context;
    private final DelayOffsets delays;
    private final Supplier<Optional<String>> registeredMaster;
    private final RemotingClient client;
    private final OffsetCarryBack carryBack;
    private final AtomicReference<State> state = new AtomicReference<>();
    private final MasterWatch watch;
    /** Round bookkeeping, under {@code this}: one round at a time, at most one more asked for. */
    private boolean running;
    private boolean asked;
    private ScheduledFuture<?> nextByInterval;
    private volatile boolean closed;

    /**
     * @param registeredMaster the master's address as the name servers last reported it
     * @param client           the connection to the master (owned by the caller)
     */
    public SlaveMetadataSync(BrokerContext context, DelayOffsets delays, Supplier<Optional<String>> registeredMaster,
                             RemotingClient client) {
        this(context, delays, registeredMaster, client, MetadataWatch.MAX_HOLD_MILLIS);
    }

    /** @param watchHoldMillis how long the master may hold a watch (tests use less) */
    SlaveMetadataSync(BrokerContext context, DelayOffsets delays, Supplier<Optional<String>> registeredMaster,
                      RemotingClient client, long watchHoldMillis) {
        this.context = context;
        this.delays = delays;
        this.registeredMaster = registeredMaster;
        this.client = client;
        this.carryBack = new OffsetCarryBack(client, TIMEOUT);
        this.watch = new MasterWatch(client, context.scheduler(), this::master, this::roundNow, this::intervalMillis,
                watchHoldMillis);
    }

    /** Runs the first round now, then on every change the master reports and every interval, until {@link #close()}. */
    public void start() {
        roundNow();
        watch.start();
    }

    /** Asks for a round: started now, or right after the one running. */
    void roundNow() {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (running) {
                asked = true;
                return;
            }
            running = true;
            if (nextByInterval != null) {
                nextByInterval.cancel(false);
                nextByInterval = null;
            }
        }
        try {
            context.scheduler().execute(this::round);
        } catch (RejectedExecutionException e) {
            // the broker is stopping
        }
    }

    private void round() {
        CompletableFuture<List<Commit>> done;
        try {
            done = syncOnce();
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e); // the next round must still come
        }
        done.whenComplete((carried, failure) -> {
            boolean again;
            synchronized (this) {
                running = false;
                again = asked;
                asked = false;
                if (!again && !closed) {
                    try {
                        nextByInterval = context.scheduler().schedule(this::roundNow, intervalMillis(), TimeUnit.MILLISECONDS);
                    } catch (RejectedExecutionException e) {
                        // the broker is stopping
                    }
                }
            }
            if (again) {
                roundNow();
            }
        });
    }

    private long intervalMillis() {
        return Math.max(MIN_INTERVAL_MILLIS, context.settings().current().number(BrokerKey.METADATA_SYNC_INTERVAL));
    }

    /** The master this round syncs from: the name servers' word first, then the setting. */
    Optional<String> master() {
        Optional<String> registered = registeredMaster.get();
        if (registered.isPresent()) {
            return registered;
        }
        String configured = context.settings().current().string(BrokerKey.MASTER_ADDRESS).trim();
        return configured.isEmpty() ? Optional.empty() : Optional.of(configured);
    }

    /**
     * One round: fetch, apply, carry back.
     *
     * @return completes with the offsets carried back to the master; fails when there is no master
     *         or it could not be read (already logged)
     */
    CompletableFuture<List<Commit>> syncOnce() {
        Optional<String> master = master();
        if (master.isEmpty()) {
            if (state.getAndSet(State.NO_MASTER) != State.NO_MASTER) {
                LOG.info("Slave metadata sync: no master known yet (no name server reports one, {} unset); waiting",
                        BrokerKey.MASTER_ADDRESS.key());
            }
            return CompletableFuture.failedFuture(new IOException("no master address known"));
        }
        String address = master.get();
        return MasterTables.fetch(client, address, TIMEOUT)
                .thenApplyAsync(tables -> apply(address, tables), context.scheduler())
                .thenCompose(ahead -> carryBack.send(address, ahead).thenApply(accepted -> {
                    if (!ahead.isEmpty()) {
                        LOG.info("Slave metadata sync: carried {} consumer offsets ahead of master {} back to it ({} accepted)",
                                ahead.size(), address, accepted);
                    }
                    return ahead;
                }))
                .whenComplete((ahead, failure) -> {
                    if (failure != null) {
                        if (state.getAndSet(State.UNREACHABLE) != State.UNREACHABLE) {
                            LOG.warn("Slave metadata sync from master {} failed ({}); retrying every interval", address,
                                    cause(failure).getMessage());
                        }
                    } else if (state.getAndSet(State.SYNCED) != State.SYNCED) {
                        LOG.info("Slave metadata sync: in step with master {}", address);
                    }
                });
    }

    /** @return the consumer offsets this slave holds ahead of the master, to carry back */
    private List<Commit> apply(String master, MasterTables tables) {
        if (context.topics().replaceAll(tables.topics())) {
            LOG.info("Slave metadata sync: {} topics taken from master {}", tables.topics().topicConfigTable().size(), master);
        }
        if (context.groups().replaceAll(tables.groups())) {
            LOG.info("Slave metadata sync: {} subscription groups taken from master {}",
                    tables.groups().subscriptionGroupTable().size(), master);
        }
        context.offsets().mergeForward(tables.offsets());
        tables.delays().offsetTable().forEach((level, offset) -> {
            if (level != null && offset != null && offset >= 0) {
                delays.advance(level, offset);
            }
        });
        try {
            // The periodic offset write covers consumer offsets; delay offsets are written by the
            // delivery, which a slave does not run, so here.
            delays.persist();
        } catch (IOException e) {
            LOG.error("Writing delay offsets failed; retrying next round: {}", e.toString());
        }
        return context.offsets().aheadOf(tables.offsets(), tables.topics().topicConfigTable().keySet());
    }

    private static Throwable cause(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Override
    public void close() {
        closed = true;
        watch.close();
        synchronized (this) {
            if (nextByInterval != null) {
                nextByInterval.cancel(false);
            }
        }
    }
}
