package io.ballast.verify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {
    private static final ScenarioRun RUN = new ScenarioRun("kill9-master", "proves \"x\" & <y>",
            new Outcome(10, 0, 2, 10, 0, 1, 1, 0, 0, 0, "nothing acknowledged is lost", "PASS", List.of(), List.of(), 0, 0),
            List.of(new Timeline.Span(1000, 3000, "kill -9 master")),
            new Throughput(1000, new long[] {5, 0, 0, 5}, new long[] {0, 2, 0, 0}, new long[] {5, 0, 0, 5}), 4000, "traffic paused 12 ms");
    private static final ScenarioRun SKIPPED = new ScenarioRun("link-cut", "p", Outcome.skipped("skipped: needs root"), List.of(),
            new Throughput(1000, new long[0], new long[0], new long[0]), 0, "");

    @Test
    void theJsonCarriesCountsFaultsAndThroughputWithQuotesEscaped() {
        String json = JsonReport.render("r1", "now", Map.of("brokerRole", "ASYNC_MASTER"), List.of(RUN, SKIPPED));
        assertTrue(json.contains("\"passed\": true"), json);
        assertTrue(json.contains("\"lost\": 0, \"allowedLost\": 0, \"model\": \"nothing acknowledged is lost\""), json);
        assertTrue(json.contains("\"duplicated\": 1"), json);
        assertTrue(json.contains("proves \\\"x\\\" & <y>"), json);
        assertTrue(json.contains("{\"label\": \"kill -9 master\", \"fromMillis\": 1000, \"toMillis\": 3000}"), json);
        assertTrue(json.contains("\"acked\": [5,0,0,5]"), json);
        assertTrue(json.contains("\"reasons\": [\"skipped: needs root\"]"), json);
        assertTrue(json.contains("\"resent\": 0, \"resentDuplicated\": 0, \"note\": \"traffic paused 12 ms\""), json);
    }

    @Test
    void theHtmlPageDrawsTheFaultBandAndThroughputInlineWithTextEscaped() {
        String html = HtmlReport.render("r1", "now", Map.of(), List.of(RUN, SKIPPED));
        assertTrue(html.contains("<svg"), html);
        assertTrue(html.contains("<rect"), "a fault band");
        assertTrue(html.contains("<polyline"), "throughput lines");
        assertTrue(html.contains("kill -9 master"), html);
        assertTrue(html.contains("proves &quot;x&quot; &amp; &lt;y&gt;"), html);
        assertFalse(html.contains("http://") && !html.contains("http://www.w3.org/2000/svg"), "no external assets");
    }

    @Test
    void theTableHasARowPerScenarioAndTheReasonsBelow() {
        String table = ResultTable.render(List.of(RUN, SKIPPED));
        assertTrue(table.lines().anyMatch(line -> line.startsWith("kill9-master") && line.endsWith("PASS    traffic paused 12 ms")), table);
        assertTrue(ResultTable.markdown(List.of(RUN)).contains("| PASS | traffic paused 12 ms |"));
        assertTrue(table.contains("link-cut: skipped: needs root"), table);
    }
}
