package io.ballast.ha.strategy;

import io.ballast.spi.message.SendStatus;
import io.ballast.spi.replication.ReplicationStrategy;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every send waiting to be replicated, ordered by end offset, and who decides them. Shared by the
 * strategies so that a swap hands the waits over: the leaving strategy {@link #release releases}
 * the table, the arriving one {@link #take takes} it and the table is re-evaluated at once under
 * the arriving strategy's rule ({@link ReplicationStrategy#replicatedOffset()}).
 *
 * <p>Invariants:
 * <ul>
 * <li>A wait completes SEND_OK only when the deciding strategy's replicated offset covers it;
 *     with no strategy deciding, nothing completes SEND_OK.</li>
 * <li>A wait not covered by its deadline completes FLUSH_SLAVE_TIMEOUT, judged by
 *     {@link System#nanoTime()} at the moment of the check, never by counting wake-ups
 *     (RocketMQ #1244). The deadline is fixed when the wait is added and survives a swap.</li>
 * <li>Every wait completes exactly once, on this table's own thread ({@value #THREAD_NAME}):
 *     never on the sender's thread, never on the replication link's thread, and no thread is
 *     parked per wait. Waits covered together complete in offset order.</li>
 * <li>{@link #close()} (the bundle stops) completes what is left FLUSH_SLAVE_TIMEOUT: the
 *     message is stored, the promise was not met.</li>
 * </ul>
 * Thread-safe. Immediate, so the table outlives the gap between one strategy and the next.
 */
@Component(service = ReplicationWaiters.class, immediate = true)
public final class ReplicationWaiters implements AutoCloseable {
    static final String THREAD_NAME = "ballast-replication-waiters";
    private static final Logger LOG = LoggerFactory.getLogger(ReplicationWaiters.class);

    /** One waiting send. Identity is the sequence number, so equal offsets or deadlines never collide. */
    private record Wait(long endOffset, long deadlineNanos, long sequence, CompletableFuture<SendStatus> future) {
    }

    private static final Comparator<Wait> BY_OFFSET =
            Comparator.comparingLong(Wait::endOffset).thenComparingLong(Wait::sequence);
    /** Deadlines compared by difference, as nanoTime values must be. */
    private static final Comparator<Wait> BY_DEADLINE = (a, b) -> {
        int order = Long.signum(a.deadlineNanos() - b.deadlineNanos());
        return order != 0 ? order : Long.compare(a.sequence(), b.sequence());
    };

    private final ConcurrentSkipListMap<Wait, Boolean> byOffset = new ConcurrentSkipListMap<>(BY_OFFSET);
    private final ConcurrentSkipListMap<Wait, Boolean> byDeadline = new ConcurrentSkipListMap<>(BY_DEADLINE);
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicReference<ReplicationStrategy> decider = new AtomicReference<>();
    private final AtomicBoolean evaluationQueued = new AtomicBoolean();
    private final ScheduledThreadPoolExecutor thread;
    private volatile boolean closed;
    private ScheduledFuture<?> wake; // guarded by this
    private long wakeAtNanos; // guarded by this

    @Activate
    public ReplicationWaiters() {
        thread = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, THREAD_NAME);
            t.setDaemon(true);
            return t;
        });
        thread.setRemoveOnCancelPolicy(true);
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * A wait for the bytes below {@code endOffset}, answered when the deciding strategy covers
     * them or after {@code timeout}. Never completes on the calling thread, except at once with
     * SLAVE_NOT_AVAILABLE once the table is closed (replication has stopped; nothing to wait for).
     */
    public CompletableFuture<SendStatus> await(long endOffset, Duration timeout) {
        Wait wait = new Wait(endOffset, System.nanoTime() + timeout.toNanos(), sequence.incrementAndGet(),
                new CompletableFuture<>());
        // Deadline index first: the decision thread finds waits through byOffset, so once a wait is
        // there it must already be in byDeadline, or settling it would leave an orphan in
        // byDeadline that the timer could never remove (it spun on one at 100 % CPU).
        byDeadline.put(wait, Boolean.TRUE);
        byOffset.put(wait, Boolean.TRUE);
        if (closed) {
            settle(wait, SendStatus.SLAVE_NOT_AVAILABLE);
            return wait.future();
        }
        if (firstByDeadline() == wait) {
            armTimer(wait.deadlineNanos());
        }
        // An ack may have covered these bytes before the wait was added; no later report would
        // come to settle it then. A report after this read triggers its own evaluation.
        ReplicationStrategy now = decider.get();
        if (now != null && now.replicatedOffset() >= endOffset) {
            requestEvaluation();
        }
        return wait.future();
    }

    /** {@code strategy} decides from now on; every pending wait is judged by it at once. */
    public void take(ReplicationStrategy strategy) {
        ReplicationStrategy previous = decider.getAndSet(strategy);
        LOG.info("replication waiters ({} pending) now decided by {}{}", pending(), name(strategy),
                previous == null ? "" : " (was " + name(previous) + ")");
        requestEvaluation();
    }

    /**
     * {@code strategy} stops deciding, leaving its waits here for the next one; does nothing if
     * another strategy has taken the table already. Deadlines keep running meanwhile.
     */
    public void release(ReplicationStrategy strategy) {
        if (decider.compareAndSet(strategy, null)) {
            LOG.info("replication waiters ({} pending) released by {}", pending(), name(strategy));
        }
    }

    /** Re-judges the pending waits soon on the table's thread. Cheap and non-blocking: safe on a link thread. */
    public void requestEvaluation() {
        if (evaluationQueued.compareAndSet(false, true)) {
            try {
                thread.execute(this::evaluate);
            } catch (RejectedExecutionException closing) {
                evaluationQueued.set(false); // close() settles everything
            }
        }
    }

    /** For tests: returns once every decision requested before the call has run. */
    void quiesce() throws Exception {
        thread.submit(() -> { }).get(10, TimeUnit.SECONDS);
    }

    /** How many sends are waiting now. */
    public int pending() {
        return byOffset.size();
    }

    /** Completes every wait still pending FLUSH_SLAVE_TIMEOUT; later waits are answered SLAVE_NOT_AVAILABLE. */
    @Deactivate
    @Override
    public void close() {
        closed = true;
        decider.set(null);
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("replication waiters: the decision thread did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = 0;
        for (Map.Entry<Wait, Boolean> entry = byOffset.firstEntry(); entry != null; entry = byOffset.firstEntry()) {
            if (settle(entry.getKey(), SendStatus.FLUSH_SLAVE_TIMEOUT)) {
                left++;
            }
        }
        if (left > 0) {
            LOG.info("replication stopped: {} waiting sends answered FLUSH_SLAVE_TIMEOUT (stored, not confirmed replicated)", left);
        }
    }

    /** On the table's thread: completes, in offset order, every wait the deciding strategy covers. */
    private void evaluate() {
        evaluationQueued.set(false);
        ReplicationStrategy now = decider.get();
        if (now == null) {
            return;
        }
        long covered = now.replicatedOffset();
        for (Map.Entry<Wait, Boolean> entry = byOffset.firstEntry();
             entry != null && entry.getKey().endOffset() <= covered; entry = byOffset.firstEntry()) {
            settle(entry.getKey(), SendStatus.SEND_OK);
        }
    }

    /** On the table's thread, at the earliest deadline: what is covered succeeds, what is due times out. */
    private void onTimer() {
        synchronized (this) {
            wake = null;
        }
        evaluate(); // an ack that arrived just before the deadline still counts
        long now = System.nanoTime();
        for (Wait due = firstByDeadline(); due != null && due.deadlineNanos() - now <= 0; due = firstByDeadline()) {
            settle(due, SendStatus.FLUSH_SLAVE_TIMEOUT);
        }
        Wait next = firstByDeadline();
        if (next != null) {
            armTimer(next.deadlineNanos());
        }
    }

    /** Keeps one timer, at the earliest deadline asked for; an extra wake-up only re-reads the clock. */
    private synchronized void armTimer(long deadlineNanos) {
        if (wake != null && wakeAtNanos - deadlineNanos <= 0) {
            return;
        }
        if (wake != null) {
            wake.cancel(false);
        }
        try {
            wake = thread.schedule(this::onTimer, Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            wakeAtNanos = deadlineNanos;
        } catch (RejectedExecutionException closing) {
            wake = null; // close() settles everything
        }
    }

    private Wait firstByDeadline() {
        Map.Entry<Wait, Boolean> first = byDeadline.firstEntry();
        return first == null ? null : first.getKey();
    }

    /** Removes and completes one wait; false if someone else already did. */
    private boolean settle(Wait wait, SendStatus status) {
        boolean mine = byOffset.remove(wait) != null;
        byDeadline.remove(wait); // always: the deadline loop must never see a settled wait again
        if (!mine) {
            return false;
        }
        wait.future().complete(status);
        return true;
    }

    private static String name(ReplicationStrategy strategy) {
        return strategy.getClass().getSimpleName();
    }
}
