package io.ballast.verify;

import java.util.List;
import java.util.Map;

/**
 * The campaign as one self-contained HTML page (no external assets): the result table, then per
 * scenario a timeline drawn in inline SVG, with acknowledged sends/s (green), failed sends/s (red)
 * and deliveries/s (blue) against time, and each fault as a shaded band labelled with its name.
 */
final class HtmlReport {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 200;
    private static final int MARGIN = 40;

    private HtmlReport() {
    }

    static String render(String runId, String started, Map<String, String> configuration, List<ScenarioRun> runs) {
        StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>ballast verify ")
                .append(escape(runId)).append("</title>\n<style>body{font-family:sans-serif;margin:2em}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}"
                        + "td:first-child,th:first-child{text-align:left}.PASS{color:#070}.FAIL{color:#b00;font-weight:bold}"
                        + ".SKIPPED{color:#777}</style></head><body>\n");
        out.append("<h1>ballast verify</h1>\n<p>run ").append(escape(runId)).append(", started ").append(escape(started)).append("<br>");
        configuration.forEach((key, value) -> out.append(escape(key)).append(" = ").append(escape(value)).append("; "));
        out.append("</p>\n<table><tr><th>scenario</th><th>acked</th><th>received</th><th>lost</th><th>dup</th>"
                + "<th>indeterminate</th><th>unexpected</th><th>order</th><th>result</th></tr>\n");
        for (ScenarioRun run : runs) {
            Outcome o = run.outcome();
            out.append("<tr><td>").append(escape(run.name())).append("</td><td>").append(o.acked()).append("</td><td>")
                    .append(o.received()).append("</td><td>").append(o.lost()).append("</td><td>").append(o.duplicated())
                    .append("</td><td>").append(o.indeterminate()).append("</td><td>").append(o.unexpected()).append("</td><td>")
                    .append(o.orderViolations()).append("</td><td class=\"").append(o.result()).append("\">").append(o.result())
                    .append("</td></tr>\n");
        }
        out.append("</table>\n");
        for (ScenarioRun run : runs) {
            out.append("<h2>").append(escape(run.name())).append(" <span class=\"").append(run.outcome().result()).append("\">")
                    .append(run.outcome().result()).append("</span></h2>\n<p>").append(escape(run.proves())).append("</p>\n");
            if (!run.outcome().model().isEmpty()) {
                out.append("<p>judged against: ").append(escape(run.outcome().model())).append(" (lost allowed: ")
                        .append(run.outcome().allowedLost()).append(")</p>\n");
            }
            if (!run.note().isEmpty()) {
                out.append("<p>measured: ").append(escape(run.note())).append("</p>\n");
            }
            for (String reason : run.outcome().reasons()) {
                out.append("<p>").append(escape(reason)).append("</p>\n");
            }
            if (run.throughput().acked().length > 0) {
                out.append(timeline(run)).append('\n');
            }
        }
        return out.append("</body></html>\n").toString();
    }

    private static String timeline(ScenarioRun run) {
        Throughput t = run.throughput();
        int buckets = t.acked().length;
        long peak = 1;
        for (int i = 0; i < buckets; i++) {
            peak = Math.max(peak, Math.max(t.acked()[i], Math.max(t.failed()[i], t.received()[i])));
        }
        double perBucket = (double) (WIDTH - 2 * MARGIN) / Math.max(1, buckets);
        double perMilli = perBucket / t.bucketMillis();
        StringBuilder svg = new StringBuilder(String.format(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" style=\"border:1px solid #ddd\">", WIDTH, HEIGHT));
        for (Timeline.Span span : run.faults()) {
            double x = MARGIN + span.fromMillis() * perMilli;
            double w = Math.max(2, (span.toMillis() - span.fromMillis()) * perMilli);
            svg.append(String.format("<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#fdd\"/>", x, MARGIN / 2, w,
                    HEIGHT - MARGIN - MARGIN / 2));
            svg.append(String.format("<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%s</text>", x, MARGIN / 2 - 4, escape(span.label())));
        }
        svg.append(polyline(t.acked(), peak, perBucket, "#080"));
        svg.append(polyline(t.failed(), peak, perBucket, "#c00"));
        svg.append(polyline(t.received(), peak, perBucket, "#00c"));
        svg.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>", MARGIN, HEIGHT - MARGIN,
                WIDTH - MARGIN, HEIGHT - MARGIN));
        svg.append(String.format("<text x=\"4\" y=\"%d\" font-size=\"11\">%d/s</text>", MARGIN / 2 + 10,
                peak * 1000 / t.bucketMillis()));
        svg.append(String.format("<text x=\"%d\" y=\"%d\" font-size=\"11\">%d s</text>", WIDTH - MARGIN, HEIGHT - MARGIN + 14,
                buckets * t.bucketMillis() / 1000));
        svg.append(String.format("<text x=\"%d\" y=\"%d\" font-size=\"11\"><tspan fill=\"#080\">acked/s</tspan> "
                + "<tspan fill=\"#c00\">failed/s</tspan> <tspan fill=\"#00c\">received/s</tspan></text>", MARGIN, HEIGHT - 8));
        return svg.append("</svg>").toString();
    }

    private static String polyline(long[] values, long peak, double perBucket, String colour) {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            double x = MARGIN + (i + 0.5) * perBucket;
            double y = HEIGHT - MARGIN - (double) values[i] / peak * (HEIGHT - 2 * MARGIN);
            points.append(String.format("%.1f,%.1f ", x, y));
        }
        return "<polyline fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"1.5\" points=\"" + points.toString().trim() + "\"/>";
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
