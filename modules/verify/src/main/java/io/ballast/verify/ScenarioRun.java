package io.ballast.verify;

import java.util.List;

/**
 * One scenario's result, with what the report draws.
 *
 * @param note what the fault measured (a swap's logged pause), or empty
 */
public record ScenarioRun(String name, String proves, Outcome outcome, List<Timeline.Span> faults, Throughput throughput,
                          long durationMillis, String note) {
}
