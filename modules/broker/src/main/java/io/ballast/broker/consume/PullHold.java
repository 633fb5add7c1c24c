package io.ballast.broker.consume;

import io.ballast.remoting.RemotingChannel;
import io.ballast.remoting.RemotingCommand;
import io.ballast.spi.store.ArrivalListener;
import io.ballast.spi.store.MessageStore;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long polling: pulls that found nothing wait here, without a thread, until a message arrives in
 * their queue, their time is up, their connection closes or the broker stops. A held pull is its
 * continuation (re-read and answer) keyed by {@code topic@queueId}.
 *
 * <p>One {@link ArrivalListener} is registered on the store the pulls read from. When the bound
 * store changes ({@link #storeChanged}, from the store binding), the listener moves from the
 * leaving store to the new one and every held pull is woken: it reads again from the new store
 * and is answered, rather than waiting for arrivals the leaving store will never report.
 * Arrivals come on the store's dispatch thread, so a woken pull is answered on the scheduler,
 * never there. Because a wake-up can be missed (an arrival between a pull's read and its
 * registration here), a held pull is also checked right after it is registered and every
 * {@link #RECHECK_MILLIS}.
 *
 * <p>Each held pull is answered exactly once: whoever claims it first (arrival, timeout, recheck,
 * connection close, stop) answers it. Thread-safe.
 */
final class PullHold implements ArrivalListener {
    private static final Logger LOG = LoggerFactory.getLogger(PullHold.class);
    static final long RECHECK_MILLIS = 5_000;

    /** One waiting pull. */
    private static final class Held {
        final RemotingChannel channel;
        final String key;
        final long offset;
        final LongSupplier currentMax;
        final Callable<RemotingCommand> rerun;
        final Supplier<RemotingCommand> notFound;
        final CompletableFuture<RemotingCommand> answer = new CompletableFuture<>();
        final AtomicBoolean claimed = new AtomicBoolean();
        volatile ScheduledFuture<?> timeout;

        Held(RemotingChannel channel, String key, long offset, LongSupplier currentMax,
             Callable<RemotingCommand> rerun, Supplier<RemotingCommand> notFound) {
            this.channel = channel;
            this.key = key;
            this.offset = offset;
            this.currentMax = currentMax;
            this.rerun = rerun;
            this.notFound = notFound;
        }
    }

    private final ScheduledExecutorService scheduler;
    private final ConcurrentHashMap<String, Set<Held>> held = new ConcurrentHashMap<>();
    private final AtomicReference<MessageStore> listeningOn = new AtomicReference<>();
    private volatile boolean closed;

    PullHold(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    static String key(String topic, int queueId) {
        return topic + '@' + queueId;
    }

    /**
     * Makes sure arrivals reach this hold when it listens on no store yet; cheap when it does.
     * Moving to another store is {@link #storeChanged}'s alone: a pull that read the leaving store
     * just before a swap must not move the listener back to it.
     */
    void listenOn(MessageStore store) {
        if (listeningOn.get() == null && listeningOn.compareAndSet(null, store)) {
            store.addArrivalListener(this);
            recheck();
        }
    }

    /**
     * The bound store changed to {@code next} (null: none bound for now): the listener leaves the
     * old store for the new one, and every held pull is woken to read again from the new one.
     */
    void storeChanged(MessageStore next) {
        MessageStore previous = listeningOn.getAndSet(next);
        if (previous == next) {
            return;
        }
        if (previous != null) {
            previous.removeArrivalListener(this);
        }
        if (next != null && !closed) {
            next.addArrivalListener(this);
            for (Set<Held> waiting : held.values()) {
                waiting.forEach(this::wake);
            }
        }
    }

    /**
     * Holds a pull of {@code topic@queueId} that found nothing at {@code offset}.
     *
     * @param currentMax the queue's max offset now, read from the store bound at that moment
     * @param rerun      reads again and builds the answer (on wake-up or timeout)
     * @param notFound   the answer when the broker stops first (must not touch the store)
     */
    CompletionStage<RemotingCommand> hold(RemotingChannel channel, String topic, int queueId, long offset,
                                          long timeoutMillis, LongSupplier currentMax,
                                          Callable<RemotingCommand> rerun, Supplier<RemotingCommand> notFound) {
        Held h = new Held(channel, key(topic, queueId), offset, currentMax, rerun, notFound);
        held.computeIfAbsent(h.key, k -> ConcurrentHashMap.newKeySet()).add(h);
        if (closed) {
            finish(h, false);
            return h.answer;
        }
        try {
            h.timeout = scheduler.schedule(() -> finish(h, true), timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            finish(h, false); // the broker is stopping
            return h.answer;
        }
        if (currentMax.getAsLong() > offset) {
            wake(h); // arrived between the read and the registration above
        }
        return h.answer;
    }

    @Override
    public void arrived(String topic, int queueId, long maxQueueOffset) {
        Set<Held> waiting = held.get(key(topic, queueId));
        if (waiting == null) {
            return;
        }
        for (Held h : waiting) {
            if (maxQueueOffset > h.offset) {
                wake(h);
            }
        }
    }

    /** Wakes every held pull whose queue has grown; the safety net for missed arrivals. */
    void recheck() {
        for (Set<Held> waiting : held.values()) {
            for (Held h : waiting) {
                try {
                    if (h.currentMax.getAsLong() > h.offset) {
                        wake(h);
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Re-checking a held pull of {} failed: {}", h.key, e.toString());
                }
            }
        }
    }

    private void wake(Held h) {
        if (!claim(h)) {
            return;
        }
        try {
            scheduler.execute(() -> answer(h, true));
        } catch (RejectedExecutionException e) {
            answer(h, false);
        }
    }

    /** Called by the timeout on the scheduler. */
    private void finish(Held h, boolean rerun) {
        if (claim(h)) {
            answer(h, rerun);
        }
    }

    private boolean claim(Held h) {
        if (!h.claimed.compareAndSet(false, true)) {
            return false;
        }
        held.computeIfPresent(h.key, (k, set) -> {
            set.remove(h);
            return set.isEmpty() ? null : set;
        });
        ScheduledFuture<?> timeout = h.timeout;
        if (timeout != null) {
            timeout.cancel(false);
        }
        return true;
    }

    private static void answer(Held h, boolean rerun) {
        if (!rerun) {
            h.answer.complete(h.notFound.get());
            return;
        }
        try {
            h.answer.complete(h.rerun.call());
        } catch (Exception e) {
            h.answer.completeExceptionally(e);
        }
    }

    /** Drops the pulls held for a closed connection: nobody is left to read their answer. */
    void connectionClosed(RemotingChannel channel) {
        for (Set<Held> waiting : held.values()) {
            for (Held h : waiting) {
                if (h.channel == channel && claim(h)) {
                    h.answer.complete(null);
                }
            }
        }
    }

    /** Answers every held pull PULL_NOT_FOUND and stops listening: the broker is stopping. */
    void close() {
        closed = true;
        for (Set<Held> waiting : held.values()) {
            for (Held h : waiting) {
                finish(h, false);
            }
        }
        MessageStore store = listeningOn.getAndSet(null);
        if (store != null) {
            store.removeArrivalListener(this);
        }
    }

    /** How many pulls are waiting (console, tests). */
    int size() {
        return held.values().stream().mapToInt(Set::size).sum();
    }
}
