package io.ballast.verify;

import java.util.List;

/** One scenario's result, with what the report draws. */
public record ScenarioRun(String name, String proves, Outcome outcome, List<Timeline.Span> faults, Throughput throughput,
                          long durationMillis) {
}
