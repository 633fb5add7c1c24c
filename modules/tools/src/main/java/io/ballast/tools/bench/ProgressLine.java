package io.ballast.tools.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The live line on stderr, once a second: per phase, the rate and the p50/p99 latency of the
 * last interval, and the errors so far. Each call to {@link #line} describes the time since the
 * previous call. A phase passed as null is not shown.
 */
final class ProgressLine {
    private final ProducerLoad producer;
    private final ConsumerLoad consumer;
    private final LongSupplier drained;
    private final long start;
    private long last;
    private long lastSent;
    private long lastReceived;
    private long lastDrained;

    ProgressLine(ProducerLoad producer, ConsumerLoad consumer, LongSupplier drained, long startNanos) {
        this.producer = producer;
        this.consumer = consumer;
        this.drained = drained;
        this.start = startNanos;
        this.last = startNanos;
    }

    void print(PrintStream err, long nowNanos) {
        err.println(line(nowNanos));
        err.flush();
    }

    String line(long nowNanos) {
        double interval = Math.max(1e-9, (nowNanos - last) / 1e9);
        last = nowNanos;
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "[%4.0f s]", (nowNanos - start) / 1e9));
        if (producer != null) {
            long sent = producer.sent.sum();
            LatencyHistogram h = producer.latency.takeInterval();
            out.append(String.format(Locale.ROOT, "  send %,9.0f msg/s  p50 %7.3f ms  p99 %7.3f ms  errors %,d",
                    (sent - lastSent) / interval, h.percentile(0.5) / 1e6, h.percentile(0.99) / 1e6, producer.errors.total()));
            lastSent = sent;
        }
        if (consumer != null) {
            long received = consumer.received.sum();
            LatencyHistogram h = consumer.latency.takeInterval();
            out.append(String.format(Locale.ROOT, "  | receive %,9.0f msg/s  end-to-end p50 %7.3f ms  p99 %7.3f ms",
                    (received - lastReceived) / interval, h.percentile(0.5) / 1e6, h.percentile(0.99) / 1e6));
            lastReceived = received;
        }
        if (drained != null) {
            long now = drained.getAsLong();
            out.append(String.format(Locale.ROOT, "  | drain %,9.0f msg/s, %,d so far", (now - lastDrained) / interval, now));
            lastDrained = now;
        }
        return out.toString();
    }
}
