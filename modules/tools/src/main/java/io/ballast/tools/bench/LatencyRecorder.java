package io.ballast.tools.bench;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Every latency of a run, and those since the last progress line. A sample recorded while the
 * interval is being swapped may land in the interval just closed: the progress line is a live
 * view, the summary reads {@link #total()} which misses nothing.
 */
final class LatencyRecorder {
    private final LatencyHistogram total = new LatencyHistogram();
    private final AtomicReference<LatencyHistogram> interval = new AtomicReference<>(new LatencyHistogram());

    void record(long nanos) {
        total.record(nanos);
        interval.get().record(nanos);
    }

    LatencyHistogram total() {
        return total;
    }

    /** The latencies since the previous call, and a fresh interval from now on. */
    LatencyHistogram takeInterval() {
        return interval.getAndSet(new LatencyHistogram());
    }
}
