package io.ballast.verify;

import java.util.List;

/** The campaign's result as a text table, one row per scenario, with the reasons of every failure or skip below. */
final class ResultTable {
    private static final String ROW = "%-18s %8s %8s %6s %6s %8s %6s %6s  %-7s %s%n";

    private ResultTable() {
    }

    static String render(List<ScenarioRun> runs) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(ROW, "scenario", "acked", "received", "lost", "dup", "indeterm", "unexp", "order", "result", "note"));
        for (ScenarioRun run : runs) {
            Outcome o = run.outcome();
            out.append(String.format(ROW, run.name(), o.acked(), o.received(), o.lost(), o.duplicated(), o.indeterminate(),
                    o.unexpected(), o.orderViolations(), o.result(), run.note()).stripTrailing()).append('\n');
        }
        for (ScenarioRun run : runs) {
            for (String reason : run.outcome().reasons()) {
                out.append(run.name()).append(": ").append(reason).append('\n');
            }
            if (!run.outcome().lostKeys().isEmpty()) {
                out.append(run.name()).append(": lost, first ones: ").append(String.join(", ", run.outcome().lostKeys())).append('\n');
            }
        }
        return out.toString();
    }

    /** A Markdown table of the same, for docs/reliability.md. */
    static String markdown(List<ScenarioRun> runs) {
        StringBuilder out = new StringBuilder("| scenario | acked | received | lost | dup | indeterminate | unexpected | order | result | note |\n")
                .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |\n");
        for (ScenarioRun run : runs) {
            Outcome o = run.outcome();
            String result = o.result().equals("SKIPPED") ? "skipped (" + String.join("; ", o.reasons()) + ")" : o.result();
            out.append(String.format("| %s | %d | %d | %d | %d | %d | %d | %d | %s | %s |%n", run.name(), o.acked(), o.received(), o.lost(),
                    o.duplicated(), o.indeterminate(), o.unexpected(), o.orderViolations(), result, run.note()));
        }
        return out.toString();
    }
}
