package io.ballast.dedup;

import io.ballast.spi.dedup.DedupFilter;
import io.ballast.spi.dedup.DeliveryCandidate;
import io.ballast.spi.message.Message;
import io.ballast.spi.message.MessageProperties;
import io.ballast.spi.store.AppendResult;
import io.ballast.spi.store.ArrivalListener;
import io.ballast.spi.store.MessageStore;
import io.ballast.spi.store.RecordFields;
import io.ballast.spi.store.ReplicatedLog;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idempotent-consumer dedup filter. Send side: a message whose identity (topic, reconsume
 * count, UNIQ_KEY; see {@link DedupIdentity}) was stored within the window is answered with the
 * first copy's place instead of being stored again. Pull side: a copy is left out for a group
 * whose committed offset already passed the first copy. The window is fed by the send path and by
 * a thread that walks the commitlog ({@link CommitlogTail}) from the window's start at activation,
 * then behind the visible watermark, so it survives restarts and holds on a slave.
 *
 * <p>Registered with ranking 100, above no filter at all; installed by dropping the bundle into
 * deploy/. {@code enabled=false} in {@code etc/io.ballast.dedup.cfg} turns it into a pass-through
 * without uninstalling it. Thread-safe: the window is guarded by its own monitor.
 */
@Component(service = DedupFilter.class, configurationPid = IdempotentDedup.PID, property = "service.ranking:Integer=100")
@Designate(ocd = IdempotentDedup.Config.class)
public final class IdempotentDedup implements DedupFilter, ArrivalListener, AutoCloseable {
    static final String PID = "io.ballast.dedup";
    private static final Logger LOG = LoggerFactory.getLogger(IdempotentDedup.class);
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final int TAIL_BATCH = 4096;
    private static final long TAIL_IDLE_NANOS = 200_000_000L;

    @ObjectClassDefinition(name = "Ballast idempotent dedup", description = "The UNIQ_KEY window of the dedup filter")
    public @interface Config {
        @AttributeDefinition(description = "false: installed but a pass-through (stores and delivers everything)")
        boolean enabled() default true;

        @AttributeDefinition(description = "Seconds a stored UNIQ_KEY is remembered")
        long dedupWindowSeconds() default 600;

        @AttributeDefinition(description = "UNIQ_KEYs remembered at most (the oldest go first); memory is reserved for all of them at start")
        int dedupWindowKeys() default 1_000_000;

        @AttributeDefinition(description = "Milliseconds a send waits for a concurrent send of the same UNIQ_KEY to be appended")
        long dedupReservationWaitMillis() default 3_000;
    }

    /** The settings, outside OSGi too. */
    public record Settings(boolean enabled, long windowSeconds, int windowKeys, long reservationWaitMillis) {
        static Settings of(Config c) {
            return new Settings(c.enabled(), c.dedupWindowSeconds(), c.dedupWindowKeys(), c.dedupReservationWaitMillis());
        }
    }

    private final MessageStore store;
    private final LongSupplier clock;
    private final KeyWindow window;
    private final Reservations reservations = new Reservations();
    private final CommitlogTail tail;
    private final Thread tailThread;
    private volatile Settings settings;
    private volatile boolean running = true;
    /** Hex of the store host and port, the first part of every offset msgId this broker gives. */
    private volatile String msgIdPrefix;

    @Activate
    public IdempotentDedup(@Reference(name = "store") MessageStore store, @Reference(name = "log") ReplicatedLog log,
                           Config config) {
        this(store, log, Settings.of(config), System::currentTimeMillis);
    }

    /** For use without OSGi; the window is rebuilt from the store in the background: see {@link #awaitCaughtUp}. */
    public IdempotentDedup(MessageStore store, ReplicatedLog log, Settings settings, LongSupplier clock) {
        this.store = store;
        this.clock = clock;
        this.settings = settings;
        this.window = new KeyWindow(settings.windowKeys(), settings.windowSeconds() * 1000);
        this.tail = new CommitlogTail(store, log, this::learn);
        long start = tail.startFor(clock.getAsLong() - settings.windowSeconds() * 1000);
        tail.startAt(start);
        this.tailThread = new Thread(this::follow, "ballast-dedup-tail");
        tailThread.setDaemon(true);
        tailThread.start();
        store.addArrivalListener(this);
        LOG.info("dedup: idempotent filter {}, window {} s / {} keys; rebuilding from commitlog offset {}",
                settings.enabled() ? "on" : "installed but disabled", settings.windowSeconds(), settings.windowKeys(), start);
    }

    /** A new window time applies at once; a new key count only at the next activation (the memory is reserved). */
    @Modified
    void modified(Config config) {
        Settings next = Settings.of(config);
        synchronized (window) {
            window.windowMillis(next.windowSeconds() * 1000);
        }
        if (next.windowKeys() != settings.windowKeys()) {
            LOG.warn("dedup: dedupWindowKeys {} applies when the bundle is restarted; {} stay in use",
                    next.windowKeys(), settings.windowKeys());
        }
        settings = new Settings(next.enabled(), next.windowSeconds(), settings.windowKeys(), next.reservationWaitMillis());
    }

    @Override
    public Optional<AppendResult> findOriginal(Message message) {
        Settings now = settings;
        DedupIdentity id = now.enabled() ? DedupIdentity.of(message) : null;
        if (id == null) {
            return Optional.empty();
        }
        long deadline = System.nanoTime() + now.reservationWaitMillis() * 1_000_000;
        while (true) {
            Optional<AppendResult> known = original(id);
            if (known.isPresent()) {
                return known;
            }
            CompletableFuture<AppendResult> mine = new CompletableFuture<>();
            CompletableFuture<AppendResult> holder = reservations.reserve(id, mine);
            if (holder == null) {
                // stored() adds to the window before it releases: look again, now that we hold it.
                known = original(id);
                if (known.isPresent()) {
                    reservations.release(id, known.get());
                }
                return known;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            try {
                AppendResult first = left > 0 ? Reservations.await(holder, left) : null;
                if (first != null) {
                    return Optional.of(first);
                }
                if (left <= 0) {
                    throw new TimeoutException();
                }
                // the first append failed: try to take the reservation ourselves
            } catch (TimeoutException e) {
                LOG.warn("dedup: a send of UNIQ_KEY {} waited {} ms for a concurrent send of the same key; storing it (possible duplicate)",
                        message.uniqueKey(), now.reservationWaitMillis());
                return Optional.empty();
            }
        }
    }

    @Override
    public void stored(Message message, AppendResult result) {
        DedupIdentity id = DedupIdentity.of(message);
        if (id == null || result.messageCount() != 1) {
            return;
        }
        String msgId = result.messageIds().isEmpty() ? null : result.messageIds().get(0);
        if (msgId != null && msgId.length() > 16) {
            msgIdPrefix = msgId.substring(0, msgId.length() - 16);
        }
        boolean parked = DedupIdentity.parked(message.topic(), message.property(MessageProperties.REAL_TOPIC));
        synchronized (window) {
            window.add(id, result.physicalOffset(), result.size(), message.queueId(), result.queueOffset(), parked,
                    result.storeTimestamp(), clock.getAsLong());
        }
        reservations.release(id, result);
    }

    @Override
    public void appendFailed(Message message) {
        DedupIdentity id = DedupIdentity.of(message);
        if (id != null) {
            reservations.release(id, null);
        }
    }

    @Override
    public boolean shouldDeliver(DeliveryCandidate candidate) {
        if (!settings.enabled() || candidate.uniqueKey() == null) {
            return true;
        }
        // Producer copies have reconsume count 0; retry topics hold counted copies and are left alone.
        DedupIdentity id = DedupIdentity.of(candidate.topic(), 0, candidate.uniqueKey());
        KeyWindow.Location first;
        synchronized (window) {
            first = window.find(id, clock.getAsLong());
        }
        if (first == null || first.parked()
                || (first.queueId() == candidate.queueId() && first.queueOffset() == candidate.queueOffset())) {
            return true; // unknown, not in this topic yet, or the first copy itself
        }
        long committed = candidate.committedOffsets().applyAsLong(first.queueId());
        return committed <= first.queueOffset();
    }

    /** Dispatch thread: only wakes the tail. */
    @Override
    public void arrived(String topic, int queueId, long maxQueueOffset) {
        LockSupport.unpark(tailThread);
    }

    /** The walk's position: every record below it is in the window (or fell out of it). */
    long tailPosition() {
        return tail.position();
    }

    /** Waits until the walk reached the visible watermark as it was at the call; false at the timeout. */
    public boolean awaitCaughtUp(long timeoutMillis) throws InterruptedException {
        long target = store.watermarks().visible();
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (tail.position() < target) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.unpark(tailThread);
            Thread.sleep(5);
        }
        return true;
    }

    int keys() {
        synchronized (window) {
            return window.size();
        }
    }

    private Optional<AppendResult> original(DedupIdentity id) {
        KeyWindow.Location first;
        synchronized (window) {
            first = window.find(id, clock.getAsLong());
        }
        String prefix = msgIdPrefix;
        if (first == null || prefix == null) {
            return Optional.empty(); // without the store host no msgId can be given: store again
        }
        String msgId = prefix + HEX.toHexDigits(first.physicalOffset());
        return Optional.of(new AppendResult(first.physicalOffset(), first.size(), first.queueOffset(), 1,
                first.storeTimestamp(), List.of(msgId)));
    }

    private void learn(RecordFields record) {
        DedupIdentity id = DedupIdentity.of(record);
        if (id == null) {
            return;
        }
        if (msgIdPrefix == null) {
            msgIdPrefix = HEX.formatHex(record.storeHost());
        }
        boolean parked = DedupIdentity.parked(record.topic(), record.properties().get(MessageProperties.REAL_TOPIC));
        synchronized (window) {
            window.add(id, record.physicalOffset(), record.totalSize(), record.queueId(), record.queueOffset(), parked,
                    record.storeTimestamp(), clock.getAsLong());
        }
    }

    private void follow() {
        while (running) {
            try {
                if (tail.catchUp(TAIL_BATCH) == 0) {
                    LockSupport.parkNanos(TAIL_IDLE_NANOS);
                }
            } catch (RuntimeException e) {
                LOG.warn("dedup: reading the commitlog at {} failed; retrying", tail.position(), e);
                LockSupport.parkNanos(TAIL_IDLE_NANOS);
            }
        }
    }

    @Deactivate
    @Override
    public void close() {
        running = false;
        store.removeArrivalListener(this);
        LockSupport.unpark(tailThread);
        try {
            tailThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
