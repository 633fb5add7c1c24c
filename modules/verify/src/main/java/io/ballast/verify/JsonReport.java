package io.ballast.verify;

import java.util.List;
import java.util.Map;

/**
 * The campaign as JSON, for machines:
 *
 * <pre>
 * { "runId", "started", "configuration": {key: value}, "passed": bool,
 *   "scenarios": [ { "name", "proves", "result", "reasons": [..], "durationMillis",
 *                    "acked", "notPromised", "failed", "received", "lost", "allowedLost", "model", "duplicated",
 *                    "indeterminate", "unexpected", "orderViolations", "lostKeys": [..],
 *                    "resent", "resentDuplicated", "note",
 *                    "faults": [ {"label", "fromMillis", "toMillis"} ],
 *                    "throughput": {"bucketMillis", "acked": [..], "failed": [..], "received": [..]} } ] }
 * </pre>
 */
final class JsonReport {
    private JsonReport() {
    }

    static String render(String runId, String started, Map<String, String> configuration, List<ScenarioRun> runs) {
        StringBuilder out = new StringBuilder("{\n");
        out.append("  \"runId\": ").append(quote(runId)).append(",\n");
        out.append("  \"started\": ").append(quote(started)).append(",\n");
        out.append("  \"configuration\": {");
        String comma = "";
        for (Map.Entry<String, String> entry : configuration.entrySet()) {
            out.append(comma).append(quote(entry.getKey())).append(": ").append(quote(entry.getValue()));
            comma = ", ";
        }
        out.append("},\n");
        out.append("  \"passed\": ").append(runs.stream().allMatch(r -> r.outcome().passed())).append(",\n");
        out.append("  \"scenarios\": [");
        comma = "\n";
        for (ScenarioRun run : runs) {
            Outcome o = run.outcome();
            out.append(comma).append("    {\"name\": ").append(quote(run.name()))
                    .append(", \"proves\": ").append(quote(run.proves()))
                    .append(", \"result\": ").append(quote(o.result()))
                    .append(", \"reasons\": ").append(strings(o.reasons()))
                    .append(", \"durationMillis\": ").append(run.durationMillis())
                    .append(", \"acked\": ").append(o.acked())
                    .append(", \"notPromised\": ").append(o.notPromised())
                    .append(", \"failed\": ").append(o.failed())
                    .append(", \"received\": ").append(o.received())
                    .append(", \"lost\": ").append(o.lost())
                    .append(", \"allowedLost\": ").append(o.allowedLost())
                    .append(", \"model\": ").append(quote(o.model()))
                    .append(", \"duplicated\": ").append(o.duplicated())
                    .append(", \"indeterminate\": ").append(o.indeterminate())
                    .append(", \"unexpected\": ").append(o.unexpected())
                    .append(", \"orderViolations\": ").append(o.orderViolations())
                    .append(", \"lostKeys\": ").append(strings(o.lostKeys()))
                    .append(", \"resent\": ").append(o.resent())
                    .append(", \"resentDuplicated\": ").append(o.resentDuplicated())
                    .append(", \"note\": ").append(quote(run.note()))
                    .append(", \"faults\": [");
            String inner = "";
            for (Timeline.Span span : run.faults()) {
                out.append(inner).append("{\"label\": ").append(quote(span.label())).append(", \"fromMillis\": ")
                        .append(span.fromMillis()).append(", \"toMillis\": ").append(span.toMillis()).append('}');
                inner = ", ";
            }
            Throughput t = run.throughput();
            out.append("], \"throughput\": {\"bucketMillis\": ").append(t.bucketMillis())
                    .append(", \"acked\": ").append(numbers(t.acked()))
                    .append(", \"failed\": ").append(numbers(t.failed()))
                    .append(", \"received\": ").append(numbers(t.received())).append("}}");
            comma = ",\n";
        }
        out.append("\n  ]\n}\n");
        return out.toString();
    }

    private static String strings(List<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(quote(values.get(i)));
        }
        return out.append(']').toString();
    }

    private static String numbers(long[] values) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            out.append(i == 0 ? "" : ",").append(values[i]);
        }
        return out.append(']').toString();
    }

    static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
