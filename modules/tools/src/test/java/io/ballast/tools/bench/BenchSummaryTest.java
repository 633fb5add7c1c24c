package io.ballast.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchSummaryTest {
    private static final BenchSummary.Setup SETUP =
            new BenchSummary.Setup("127.0.0.1:9876", "T", "produce", "sync", 4, 1, 1024, 1);

    @Test
    void jsonHasEveryFigureAndLeavesOutPhasesThatDidNotRun() throws Exception {
        LatencyHistogram h = new LatencyHistogram();
        h.record(1_000_000);
        h.record(3_000_000);
        BenchSummary summary = new BenchSummary(SETUP, produce(Map.of("SEND_OK", 2000L), Map.of(), h), null,
                new BenchSummary.Drain(2001, 2001, 0.5, 4002, 4.1, true));

        JsonNode json = new ObjectMapper().readTree(summary.json());
        assertEquals("T", json.at("/setup/topic").asText());
        assertEquals(2000, json.at("/produce/acked").asLong());
        assertEquals(1, json.at("/produce/warmup").asLong());
        assertEquals(1000.0, json.at("/produce/messagesPerSecond").asDouble());
        assertEquals(2000, json.at("/produce/statuses/SEND_OK").asLong());
        assertEquals(0, json.at("/produce/errors").size());
        assertEquals(2, json.at("/produce/latencyMs/count").asLong());
        assertEquals(2.0, json.at("/produce/latencyMs/avg").asDouble());
        assertEquals(1.0, json.at("/produce/latencyMs/p50").asDouble(), 0.01);
        assertEquals(3.0, json.at("/produce/latencyMs/max").asDouble());
        for (String field : new String[] {"p99", "p999"}) {
            assertTrue(json.at("/produce/latencyMs").has(field), field);
        }
        assertEquals(2001, json.at("/drain/drained").asLong());
        assertTrue(json.at("/drain/complete").asBoolean());
        assertFalse(json.has("consume"));
        assertTrue(json.get("ok").asBoolean());
        assertFalse(summary.json().contains("\n"), "one line");
    }

    @Test
    void notOkOnAnErrorAStatusOtherThanSendOkOrAShortDrain() {
        LatencyHistogram h = new LatencyHistogram();
        assertFalse(new BenchSummary(SETUP, produce(Map.of("SEND_OK", 5L), Map.of("RemotingTimeoutException", 1L), h), null, null).ok());
        assertFalse(new BenchSummary(SETUP, produce(Map.of("SEND_OK", 5L, "FLUSH_DISK_TIMEOUT", 1L), Map.of(), h), null, null).ok());
        assertFalse(new BenchSummary(SETUP, produce(Map.of("SEND_OK", 5L), Map.of(), h), null,
                new BenchSummary.Drain(6, 5, 1, 5, 0, false)).ok());
        assertTrue(new BenchSummary(SETUP, produce(Map.of("SEND_OK", 5L), Map.of(), h), null, null).ok());
    }

    @Test
    void textNamesErrorsByExceptionAndStatus() {
        String text = new BenchSummary(SETUP, produce(Map.of("SEND_OK", 5L, "SLAVE_NOT_AVAILABLE", 2L),
                Map.of("MQBrokerException code 14", 3L), new LatencyHistogram()), null, null).text();
        assertTrue(text.contains("statuses: SEND_OK 5, SLAVE_NOT_AVAILABLE 2"), text);
        assertTrue(text.contains("errors: MQBrokerException code 14 3"), text);
        assertTrue(text.contains("result: NOT ok"), text);
    }

    private static BenchSummary.Produce produce(Map<String, Long> statuses, Map<String, Long> errors, LatencyHistogram h) {
        long acked = statuses.values().stream().mapToLong(Long::longValue).sum();
        return new BenchSummary.Produce(2.0, 1, acked + errors.values().stream().mapToLong(Long::longValue).sum(), acked,
                acked, acked / 2.0, acked * 1024 / 2.0 / 1e6, BenchSummary.Latency.of(h), new java.util.TreeMap<>(statuses),
                new java.util.TreeMap<>(errors));
    }
}
