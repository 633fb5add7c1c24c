package io.ballast.verify;

import java.util.Optional;

/**
 * One named fault: injects itself into the cluster, holds, heals, and marks on the timeline when
 * it was in force. {@link #inject} returns only once the cluster is whole again (processes back
 * and ready, links up, files restored), so that what follows measures recovery.
 */
public interface Fault {
    String name();

    /** What a pass of this scenario shows, for the report and docs/reliability.md. */
    String proves();

    /** Why it cannot run against this cluster (no process control, not root), or empty. */
    Optional<String> unavailable(Cluster cluster);

    /**
     * @param load the scenario's running load, for a fault that must act through the client too
     *             (the dedup swap resends acknowledged messages while the plugin is on)
     */
    void inject(Cluster cluster, Timeline timeline, Workload load) throws Exception;

    /**
     * What the fault measured while it was in force, for the scenario's row and report (a swap's
     * logged pause), or empty. Read after {@link #inject}.
     */
    default String note() {
        return "";
    }

    /**
     * Whether {@link #inject} heals before returning (the usual case). A fault that does not (the
     * master lost for good) is healed only after the final drain, and no acknowledgement is
     * expected after it.
     */
    default boolean healsBeforeDrain() {
        return true;
    }

    /**
     * Whether the consumer stops while the fault is injected and resumes only after it: what
     * was sent meanwhile is then read from wherever the fault left it (the slave alone, for a
     * lost master) rather than as it arrived.
     */
    default boolean consumesAfterFault() {
        return false;
    }

    /** What the model allows this fault, given what happened. */
    default Expectation expectation(boolean dedup, History history) {
        return Expectation.nothingLost(dedup);
    }
}
