package io.ballast.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The named faults of a campaign, in the order they run. */
final class Scenarios {
    private Scenarios() {
    }

    /** The short campaign: one of each kind of fault that a test suite can afford. */
    static List<Fault> shortCampaign(Timings t) {
        return List.of(new KillNode(true, t.hold()), new PauseNode(false, t.hold()), ConfigSwap.flush(t.hold()),
                PluginSwap.dedup(t.hold()), new LinkCut(t.hold()));
    }

    /**
     * Every scenario (the default).
     *
     * @param role the master's brokerRole under test (--role), for a master whose etc/ verify cannot read
     */
    static List<Fault> longCampaign(Timings t, String runId, String role) {
        return List.of(new KillNode(true, t.hold()), new KillNode(false, t.hold()), new PauseNode(true, t.hold()),
                new PauseNode(false, t.hold()), new RestartLoop(t.restarts()), new LinkCut(t.hold()),
                ConfigSwap.flush(t.hold()), ConfigSwap.replication(t.hold()), new StoreSwap(t.hold()), PluginSwap.dedup(t.hold()),
                PluginSwap.routing(t.hold()), new DiskFull(t.hold()),
                new MasterLost(t.hold(), runId, role));
    }

    /** Those of {@code all} named in {@code names}; an unknown name is an error that lists the known ones. */
    static List<Fault> only(List<Fault> all, Set<String> names) {
        List<Fault> chosen = new ArrayList<>();
        List<String> known = new ArrayList<>();
        for (Fault fault : all) {
            known.add(fault.name());
            if (names.contains(fault.name())) {
                chosen.add(fault);
            }
        }
        for (String name : names) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown scenario '" + name + "'; known: " + String.join(", ", known));
            }
        }
        return chosen;
    }
}
