package io.ballast.tools.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.Map;

/**
 * What a bench run measured: the setup, and one section per phase that ran (produce, consume,
 * drain; the others are absent, and left out of the JSON). Rates are per second of the phase's
 * own time; MB is 10^6 bytes of message bodies; latencies are in milliseconds.
 *
 * <pre>
 * {"setup":{"nameServer":..,"topic":..,"role":"produce","send":"sync","threads":4,"consumers":1,"size":1024,"batch":1},
 *  "produce":{"seconds":10.0,"warmup":1,"attempted":..,"sent":..,"acked":..,"messagesPerSecond":..,"mbPerSecond":..,
 *             "latencyMs":{"count":..,"avg":..,"p50":..,"p99":..,"p999":..,"max":..},
 *             "statuses":{"SEND_OK":..},"errors":{"RemotingTooMuchRequestException":..}},
 *  "consume":{"seconds":..,"received":..,"messagesPerSecond":..,"mbPerSecond":..,"endToEndMs":{..},"errors":{..}},
 *  "drain":{"expected":..,"drained":..,"seconds":..,"messagesPerSecond":..,"mbPerSecond":..,"complete":true},
 *  "ok":true}
 * </pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record BenchSummary(Setup setup, Produce produce, Consume consume, Drain drain) {

    record Setup(String nameServer, String topic, String role, String send, int threads, int consumers, int size, int batch) {
    }

    /** {@code acked} counts messages answered with any status, the warm-up message not included. */
    record Produce(double seconds, long warmup, long attempted, long sent, long acked, double messagesPerSecond, double mbPerSecond,
                   Latency latencyMs, Map<String, Long> statuses, Map<String, Long> errors) {
    }

    record Consume(double seconds, long received, double messagesPerSecond, double mbPerSecond, Latency endToEndMs, Map<String, Long> errors) {
    }

    record Drain(long expected, long drained, double seconds, double messagesPerSecond, double mbPerSecond, boolean complete) {
    }

    record Latency(long count, double avg, double p50, double p99, double p999, double max) {
        static Latency of(LatencyHistogram h) {
            return new Latency(h.count(), ms(h.mean()), ms(h.percentile(0.50)), ms(h.percentile(0.99)),
                    ms(h.percentile(0.999)), ms(h.max()));
        }

        private static double ms(double nanos) {
            return Math.round(nanos / 1e3) / 1e3;
        }
    }

    /** Every send answered SEND_OK (or, one-way, raised nothing), nothing failed, and the drain read back all of it. */
    @JsonProperty("ok")
    public boolean ok() {
        boolean produced = produce == null || (produce.errors.isEmpty()
                && produce.statuses.keySet().stream().allMatch("SEND_OK"::equals));
        boolean consumed = consume == null || consume.errors.isEmpty();
        return produced && consumed && (drain == null || drain.complete);
    }

    String json() {
        try {
            return new ObjectMapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a summary of plain records always serialises", e);
        }
    }

    String text() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "bench: %s, send %s, %d producer thread(s), %d consumer(s), %d B, batch %d, topic %s, name server %s%n",
                setup.role, setup.send, setup.threads, setup.consumers, setup.size, setup.batch, setup.topic, setup.nameServer));
        if (produce != null) {
            out.append(String.format(Locale.ROOT, "produce: %,d attempted, %,d sent, %,d acked in %.1f s: %,.0f msg/s, %.1f MB/s%n",
                    produce.attempted, produce.sent, produce.acked, produce.seconds, produce.messagesPerSecond, produce.mbPerSecond));
            out.append("  send latency ms (per call): ").append(latency(produce.latencyMs)).append('\n');
            out.append("  statuses: ").append(counts(produce.statuses)).append('\n');
            out.append("  errors: ").append(counts(produce.errors)).append('\n');
        }
        if (consume != null) {
            out.append(String.format(Locale.ROOT, "consume: %,d received in %.1f s: %,.0f msg/s, %.1f MB/s%n",
                    consume.received, consume.seconds, consume.messagesPerSecond, consume.mbPerSecond));
            out.append("  end-to-end latency ms: ").append(latency(consume.endToEndMs)).append('\n');
            out.append("  errors: ").append(counts(consume.errors)).append('\n');
        }
        if (drain != null) {
            out.append(String.format(Locale.ROOT, "drain: %,d of %,d expected in %.1f s from the first received: %,.0f msg/s, %.1f MB/s%s%n",
                    drain.drained, drain.expected, drain.seconds, drain.messagesPerSecond, drain.mbPerSecond,
                    drain.complete ? "" : "  INCOMPLETE"));
        }
        out.append(ok() ? "result: ok" : "result: NOT ok (see statuses, errors and drain above)").append('\n');
        return out.toString();
    }

    static double rate(long amount, double seconds) {
        return seconds <= 0 ? 0 : amount / seconds;
    }

    private static String latency(Latency l) {
        return String.format(Locale.ROOT, "avg %.3f  p50 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  (%,d samples)",
                l.avg, l.p50, l.p99, l.p999, l.max, l.count);
    }

    private static String counts(Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return "none";
        }
        StringBuilder out = new StringBuilder();
        counts.forEach((name, n) -> out.append(out.length() == 0 ? "" : ", ").append(name).append(' ').append(String.format(Locale.ROOT, "%,d", n)));
        return out.toString();
    }
}
