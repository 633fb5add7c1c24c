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
 * @param resentKeys   keys sent twice on purpose (the same message, a client's retry) while dedup was on: each must arrive once
 */
public record Expectation(long lostAllowed, boolean duplicatesAllowed, String why, java.util.Set<String> resentKeys) {
    public Expectation(long lostAllowed, boolean duplicatesAllowed, String why) {
        this(lostAllowed, duplicatesAllowed, why, java.util.Set.of());
    }

    /** The same, and none of {@code keys} (resent with their UNIQ_KEY while the dedup plugin was on) may arrive twice. */
    public Expectation noDuplicateOf(java.util.Set<String> keys) {
        return new Expectation(lostAllowed, duplicatesAllowed, why + "; resent with their UNIQ_KEY under the dedup plugin: no duplicate",
                java.util.Set.copyOf(keys));
    }

    public static Expectation nothingLost(boolean dedup) {
        return new Expectation(0, !dedup, "nothing acknowledged is lost" + (dedup ? "; dedup on: no duplicates" : ""));
    }
}
