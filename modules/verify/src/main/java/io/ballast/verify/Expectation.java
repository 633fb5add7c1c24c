package io.ballast.verify;

/**
 * What the reliability model (design.md) lets a scenario get away with, for the configuration
 * under test. Every scenario here is a process-level fault the model covers with "nothing
 * acknowledged is lost" (kill -9, pause, restart, link cut, swap, full disk); only the permanent
 * loss of an ASYNC_MASTER allows loss, bounded by its reported replication lag.
 *
 * @param lostAllowed  how many acknowledged messages may be missing
 * @param duplicatesAllowed false when the dedup plugin is on
 * @param why          the model's row, for the report
 */
public record Expectation(long lostAllowed, boolean duplicatesAllowed, String why) {
    public static Expectation nothingLost(boolean dedup) {
        return new Expectation(0, !dedup, "nothing acknowledged is lost" + (dedup ? "; dedup on: no duplicates" : ""));
    }
}
