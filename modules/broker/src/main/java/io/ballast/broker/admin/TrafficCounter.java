package io.ballast.broker.admin;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Rates and daily totals of one ever-growing count (messages put, messages got) from samples
 * taken every few seconds: what GET_BROKER_RUNTIME_INFO reports as {@code putTps} ("10 s, 1 min,
 * 10 min" rates) and {@code msgPutTotalTodayMorning} etc., which {@code mqadmin clusterList -m}
 * subtracts to show yesterday's and today's traffic.
 *
 * <p>The first sample of a new local day fixes that day's morning total; counts start at 0 when
 * the broker starts, so a broker started today reports 0 as this morning's total. Thread-safe.
 */
final class TrafficCounter {
    /** The widest rate window; older samples are dropped. */
    private static final long KEEP_MILLIS = 10 * 60_000L;

    private record Sample(long at, long total) {
    }

    private final ZoneId zone;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private LocalDate day;
    private long todayMorning;
    private long yesterdayMorning;
    private long latest;

    TrafficCounter(ZoneId zone, long startedAt) {
        this(zone, startedAt, 0);
    }

    /** A count first seen at {@code startedAt} with {@code total} already counted: rates start from there. */
    TrafficCounter(ZoneId zone, long startedAt, long total) {
        this.zone = zone;
        this.day = date(startedAt);
        this.latest = total;
        this.todayMorning = total;
        this.yesterdayMorning = total;
        samples.add(new Sample(startedAt, total));
    }

    private LocalDate date(long millis) {
        return Instant.ofEpochMilli(millis).atZone(zone).toLocalDate();
    }

    synchronized void sample(long now, long total) {
        LocalDate today = date(now);
        if (today.isAfter(day)) {
            // A broker that slept through whole days has seen nothing in them.
            yesterdayMorning = today.minusDays(1).equals(day) ? todayMorning : latest;
            todayMorning = latest;
            day = today;
        }
        latest = total;
        samples.addLast(new Sample(now, total));
        while (samples.size() > 2 && samples.peekFirst().at() < now - KEEP_MILLIS) {
            samples.removeFirst();
        }
    }

    /** Events per second over about the last {@code windowMillis}, from the samples at hand. */
    synchronized double rate(long windowMillis) {
        Sample last = samples.peekLast();
        Sample from = samples.peekFirst();
        for (Sample s : samples) {
            if (s.at() >= last.at() - windowMillis) {
                from = s;
                break;
            }
        }
        long span = last.at() - from.at();
        return span <= 0 ? 0.0 : (last.total() - from.total()) * 1000.0 / span;
    }

    /** "r10s r1min r10min", as upstream formats its tps keys. */
    String rates() {
        return String.format(java.util.Locale.ROOT, "%.2f %.2f %.2f", rate(10_000), rate(60_000), rate(600_000));
    }

    synchronized long todayMorning() {
        return todayMorning;
    }

    synchronized long yesterdayMorning() {
        return yesterdayMorning;
    }

    synchronized long latest() {
        return latest;
    }
}
