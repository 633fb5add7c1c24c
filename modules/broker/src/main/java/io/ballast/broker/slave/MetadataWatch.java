package io.ballast.broker.slave;

import io.ballast.remoting.RemotingChannel;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.protocol.ResponseCode;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The master's side of the metadata watch: a slave's WATCH_METADATA request waits here, without a
 * thread, until one of the four tables it copies changes after the version it names, or its hold
 * time passes; the answer tells which tables changed and the version to name next time.
 *
 * <pre>
 * WATCH_METADATA (9001, Ballast-private), slave → master, extFields:
 *   epoch       long, optional   the master incarnation the slave's version belongs to; absent = none yet
 *   since       long             the version the slave last got; -1 = none yet
 *   holdMillis  long, optional   the longest wait; default and ceiling 15000 (below the 20 s call timeout)
 * answer SUCCESS, extFields:
 *   epoch       long             this master's incarnation (random, new at every start)
 *   version     long             the version to name next time
 *   changed     string           tables changed after since, e.g. "topics,offsets"; empty on a timeout
 * </pre>
 *
 * <p>Every change takes the next number of one sequence and stamps its table with it, after the
 * table itself changed; an answer's version is the highest stamp it read. So whatever a slave
 * fetches after an answer holds every change up to that version, and a later change is above it and
 * answers the next watch. A version from another incarnation (another epoch, or a number this one
 * never reached) counts as none: all four tables are reported changed at once.
 *
 * <p>Topics and groups are answered at once; offset and delay changes alone are held until the
 * watch is {@code coalesceMillis} old, so a slave runs at most about one offset-driven sync per
 * window however often consumers commit. Each watch is answered exactly once: by a change, its
 * delayed answer, its timeout, the broker's stop, or not at all when its connection closed.
 * Thread-safe.
 */
final class MetadataWatch {
    static final long MAX_HOLD_MILLIS = 15_000;
    static final long COALESCE_MILLIS = 1_000;

    /** One waiting watch. */
    private static final class Held {
        final RemotingChannel channel;
        final RemotingCommand request;
        final long since;
        final long arrivedNanos = System.nanoTime();
        final CompletableFuture<RemotingCommand> answer = new CompletableFuture<>();
        final AtomicBoolean claimed = new AtomicBoolean();
        final AtomicBoolean delaying = new AtomicBoolean();
        volatile ScheduledFuture<?> timeout;
        volatile ScheduledFuture<?> delayed;

        Held(RemotingChannel channel, RemotingCommand request, long since) {
            this.channel = channel;
            this.request = request;
            this.since = since;
        }
    }

    private final ScheduledExecutorService scheduler;
    private final long coalesceMillis;
    private final long epoch = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLongArray stamps = new AtomicLongArray(MetadataTable.values().length);
    private final Set<Held> held = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    MetadataWatch(ScheduledExecutorService scheduler, long coalesceMillis) {
        this.scheduler = scheduler;
        this.coalesceMillis = coalesceMillis;
    }

    long epoch() {
        return epoch;
    }

    /** A table changed (called by its listener, after the change): wakes the watches it concerns. */
    void changed(MetadataTable table) {
        long stamp = sequence.incrementAndGet();
        stamps.accumulateAndGet(table.ordinal(), stamp, Math::max);
        for (Held h : held) {
            consider(h);
        }
    }

    /**
     * Holds a watch.
     *
     * @param epoch      the incarnation {@code since} belongs to; 0 when the slave has none
     * @param since      the version the slave last got; negative when none
     * @param holdMillis how long to wait at most, already capped by the caller
     */
    CompletionStage<RemotingCommand> watch(RemotingChannel channel, RemotingCommand request, long epoch, long since,
                                           long holdMillis) {
        boolean known = epoch == this.epoch && since >= 0 && since <= highestStamp();
        Held h = new Held(channel, request, known ? since : -1);
        held.add(h);
        if (closed) {
            answer(h);
            return h.answer;
        }
        try {
            h.timeout = scheduler.schedule(() -> answer(h), holdMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            answer(h); // the broker is stopping
            return h.answer;
        }
        consider(h); // changes since the slave's last answer, or an unknown version
        return h.answer;
    }

    private void consider(Held h) {
        Set<MetadataTable> changed = changedSince(h.since);
        if (changed.isEmpty() || h.claimed.get()) {
            return;
        }
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - h.arrivedNanos);
        boolean coalescingOnly = changed.stream().allMatch(MetadataTable::coalescing);
        if (!coalescingOnly || waited >= coalesceMillis) {
            answer(h);
        } else if (h.delaying.compareAndSet(false, true)) {
            try {
                h.delayed = scheduler.schedule(() -> answer(h), coalesceMillis - waited, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                answer(h);
            }
        }
    }

    private Set<MetadataTable> changedSince(long since) {
        Set<MetadataTable> changed = EnumSet.noneOf(MetadataTable.class);
        for (MetadataTable t : MetadataTable.values()) {
            if (stamps.get(t.ordinal()) > since) {
                changed.add(t);
            }
        }
        return changed;
    }

    private long highestStamp() {
        long highest = 0;
        for (int i = 0; i < stamps.length(); i++) {
            highest = Math.max(highest, stamps.get(i));
        }
        return highest;
    }

    private void answer(Held h) {
        if (!claim(h)) {
            return;
        }
        // Read first: a table stamped between the two reads is reported now and again by the next
        // watch (one sync too many), never lost.
        long version = highestStamp();
        Set<MetadataTable> changed = changedSince(h.since);
        h.answer.complete(RemotingCommand.responseTo(h.request, ResponseCode.SUCCESS)
                .extField("epoch", Long.toString(epoch))
                .extField("version", Long.toString(version))
                .extField("changed", MetadataTable.toWire(changed))
                .build());
    }

    private boolean claim(Held h) {
        if (!h.claimed.compareAndSet(false, true)) {
            return false;
        }
        held.remove(h);
        for (ScheduledFuture<?> timer : new ScheduledFuture<?>[] {h.timeout, h.delayed}) {
            if (timer != null) {
                timer.cancel(false);
            }
        }
        return true;
    }

    /** Drops the watches of a closed connection: nobody is left to read their answer. */
    void connectionClosed(RemotingChannel channel) {
        for (Held h : held) {
            if (h.channel == channel && claim(h)) {
                h.answer.complete(null);
            }
        }
    }

    /** Answers every held watch now: the broker is stopping. */
    void close() {
        closed = true;
        for (Held h : held) {
            answer(h);
        }
    }

    /** How many watches are waiting (tests). */
    int size() {
        return held.size();
    }
}
