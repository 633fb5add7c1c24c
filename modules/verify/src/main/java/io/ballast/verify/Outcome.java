package io.ballast.verify;

import java.util.List;

/**
 * The checker's counts for one scenario and its verdict.
 *
 * @param acked          sends answered SEND_OK
 * @param notPromised    sends answered with another status (stored, not promised)
 * @param failed         sends that ended in an exception
 * @param received       deliveries, counting redeliveries
 * @param lost           acknowledged, never received after the final drain
 * @param duplicated     keys delivered more than once
 * @param indeterminate  received although their send failed or was not promised (may be stored; not a fault)
 * @param unexpected     received, never sent at all
 * @param orderViolations ordered sends delivered, for the first time, after a later one of the same key
 * @param allowedLost    how many lost the model allows here
 * @param model          the model's promise the verdict was taken against
 * @param result         PASS, FAIL or SKIPPED
 * @param reasons        why it failed or was skipped; empty on a pass
 * @param resent         acknowledged messages sent again with their UNIQ_KEY while the dedup plugin was on
 * @param resentDuplicated those of them delivered more than once (the plugin must make this 0)
 */
public record Outcome(long acked, long notPromised, long failed, long received, long lost, long duplicated,
                      long indeterminate, long unexpected, long orderViolations, long allowedLost, String model, String result, List<String> reasons,
                      List<String> lostKeys, long resent, long resentDuplicated) {
    public static Outcome skipped(String reason) {
        return new Outcome(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "", "SKIPPED", List.of(reason), List.of(), 0, 0);
    }

    public boolean passed() {
        return !result.equals("FAIL");
    }
}
