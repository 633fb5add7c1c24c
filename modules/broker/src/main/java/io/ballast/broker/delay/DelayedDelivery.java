package io.ballast.broker.delay;

import io.ballast.broker.metadata.TopicNames;
import io.ballast.broker.send.DurableAppend;
import io.ballast.broker.send.StoredMessage;
import io.ballast.remoting.RequestException;
import io.ballast.spi.message.Message;
import io.ballast.spi.store.MessageStore;
import io.ballast.spi.store.ReadResult;
import io.ballast.spi.store.StoredRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves delayed messages to their real topic when their time has come. One task per level walks
 * that level's schedule queue in order from its {@link DelayOffsets delay offset}: messages of one
 * level are due in store order, so the first message not yet due (store time + the level's
 * delay) ends the walk until that moment.
 *
 * <p>At-least-once, never lost: the due messages of one walk are appended to their real topics,
 * and only when the flush and replication waits for the last of them complete does the level's
 * offset move past them and get written. A crash in between delivers those messages again after
 * the restart (at most one walk, {@value #BATCH} messages, per level); a failed append stops the
 * walk before that message and retries it later.
 *
 * <p>Runs on the broker's scheduler; each level's task reschedules itself, so levels never run
 * concurrently with themselves.
 */
public final class DelayedDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(DelayedDelivery.class);
    static final int BATCH = 32;
    private static final int MAX_BYTES = 4 * 1024 * 1024;
    /** How long a level with nothing to deliver waits before looking again, as upstream does. */
    private static final long IDLE_MILLIS = 100;
    private static final long RETRY_MILLIS = 1000;

    private final DurableAppend appender;
    private final DelayLevels levels;
    private final DelayOffsets offsets;
    private final ScheduledExecutorService scheduler;
    private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private volatile boolean running;
    /** Walks between their start and their level's advance; guarded by itself. */
    private final int[] inFlight = {0};

    public DelayedDelivery(DurableAppend appender, DelayLevels levels, DelayOffsets offsets, ScheduledExecutorService scheduler) {
        this.appender = appender;
        this.levels = levels;
        this.offsets = offsets;
        this.scheduler = scheduler;
    }

    public void start() {
        running = true;
        for (int level = 1; level <= levels.maxLevel(); level++) {
            schedule(level, 0);
        }
    }

    /**
     * Stops the walks, waits (bounded) for the ones in flight to finish and advance their levels,
     * then writes the offsets. Without the wait, a walk that appended just before the stop could
     * advance its level after the final write, and the next start would deliver it again.
     */
    public void close() {
        running = false;
        long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
        synchronized (inFlight) {
            while (inFlight[0] > 0 && System.nanoTime() < deadline) {
                try {
                    inFlight.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (inFlight[0] > 0) {
                LOG.warn("Delay delivery stopped with {} walks still in flight; their messages may be delivered again", inFlight[0]);
            }
        }
        persist();
    }

    private boolean enter() {
        synchronized (inFlight) {
            if (!running) {
                return false;
            }
            inFlight[0]++;
            return true;
        }
    }

    private void leave() {
        synchronized (inFlight) {
            inFlight[0]--;
            inFlight.notifyAll();
        }
    }

    private void schedule(int level, long delayMillis) {
        if (running) {
            scheduler.schedule(() -> walk(level), Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
        }
    }

    private void walk(int level) {
        if (!enter()) {
            return;
        }
        boolean handedOver = false;
        try {
            handedOver = walkOnce(level);
        } catch (RuntimeException e) {
            LOG.warn("Delay level {}: delivery failed, retrying in {} ms", level, RETRY_MILLIS, e);
            schedule(level, RETRY_MILLIS);
        } finally {
            if (!handedOver) {
                leave();
            }
        }
    }

    /** @return true if the walk ends asynchronously (a durability wait), which then calls {@link #leave()} */
    private boolean walkOnce(int level) {
        MessageStore store;
        try {
            store = appender.store();
        } catch (RequestException e) {
            schedule(level, RETRY_MILLIS);
            return false;
        }
        long from = offsets.next(level);
        ReadResult read = store.read(TopicNames.SCHEDULE, Scheduling.queueOf(level), from, BATCH, MAX_BYTES);
        switch (read.status()) {
            case FOUND -> {
                return deliver(level, read.records());
            }
            case OFFSET_TOO_SMALL, OFFSET_OVERFLOW_BADLY, OFFSET_FOUND_NULL -> {
                // Retention removed the messages, or the store is not the one the offsets belong to.
                LOG.warn("Delay level {}: offset {} is {}; continuing at {}", level, from, read.status(), read.nextQueueOffset());
                offsets.advance(level, read.nextQueueOffset());
                schedule(level, 0);
            }
            default -> schedule(level, IDLE_MILLIS);
        }
        return false;
    }

    /** @return true if it ends asynchronously */
    private boolean deliver(int level, List<StoredRecord> records) {
        long delay = levels.delay(level).toMillis();
        long next = offsets.next(level);
        long lastEnd = -1;
        long wait = 0;
        List<Message> toAppend = new ArrayList<>();
        for (StoredRecord record : records) {
            StoredMessage parked;
            try {
                parked = StoredMessage.decode(record.bytes());
            } catch (StoredMessage.MalformedRecord e) {
                LOG.error("Delay level {}: record at queue offset {} cannot be read ({}); skipped", level, record.queueOffset(), e.getMessage());
                next = record.queueOffset() + 1;
                continue;
            }
            long due = parked.storeTimestamp() + delay;
            long now = System.currentTimeMillis();
            if (due > now) {
                wait = due - now;
                break;
            }
            Optional<Message> released = Scheduling.release(parked);
            if (released.isEmpty()) {
                LOG.error("Delay level {}: message at queue offset {} names no real topic and queue; skipped", level, record.queueOffset());
                next = record.queueOffset() + 1;
                continue;
            }
            try {
                lastEnd = appender.appendNow(List.of(released.get())).endOffset();
            } catch (RequestException e) {
                LOG.warn("Delay level {}: delivering queue offset {} failed ({}); retrying in {} ms", level,
                        record.queueOffset(), e.remark(), RETRY_MILLIS);
                wait = RETRY_MILLIS;
                break;
            }
            toAppend.add(released.get());
            next = record.queueOffset() + 1;
        }
        long advanceTo = next;
        long pause = wait > 0 ? wait : 0;
        if (lastEnd < 0) {
            advance(level, advanceTo);
            schedule(level, pause);
            return false;
        }
        appender.awaitDurable(lastEnd, true).whenComplete((status, failure) -> {
            try {
                if (failure != null) {
                    // The copies are written but not durable: deliver them again rather than risk losing them.
                    LOG.warn("Delay level {}: {} delivered messages not made durable ({}); delivering again", level,
                            toAppend.size(), failure.toString());
                    schedule(level, RETRY_MILLIS);
                    return;
                }
                advance(level, advanceTo);
                schedule(level, pause);
            } finally {
                leave();
            }
        });
        return true;
    }

    private void advance(int level, long next) {
        if (next > offsets.next(level)) {
            offsets.advance(level, next);
            persist();
        }
    }

    private void persist() {
        try {
            offsets.persist();
        } catch (IOException e) {
            LOG.warn("Delay offsets not written ({}); the next write retries", e.toString());
        }
    }
}
