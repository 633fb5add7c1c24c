package io.ballast.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which scenarios run against brokers verify knows only by pid file and start command (another
 * product): the process faults do; those needing a Ballast base are skipped with a reason, and a
 * campaign of them reports skips without starting anything.
 */
class ForeignBrokerScenariosTest {
    @TempDir
    Path dir;

    private Cluster foreign(boolean withSlave) {
        BrokerProcess master = new ScriptedBroker("master", dir.resolve("master.pid"), "exit 1");
        Optional<BrokerProcess> slave = withSlave ? Optional.of(new ScriptedBroker("slave", dir.resolve("slave.pid"), "exit 1"))
                : Optional.empty();
        return new ExistingCluster("127.0.0.1:1", Optional.of(master), slave);
    }

    private static Map<String, Optional<String>> unavailable(Cluster cluster, String role) {
        return Scenarios.longCampaign(Timings.shortCampaign(), "t", role).stream()
                .collect(Collectors.toMap(Fault::name, f -> f.unavailable(cluster)));
    }

    @Test
    void processFaultsRunAndBallastOnlyScenariosAreSkippedWithAReason() {
        Cluster cluster = foreign(true);
        assertTrue(cluster.ballastMaster().isEmpty());
        Map<String, Optional<String>> why = unavailable(cluster, "SYNC_MASTER");
        for (String runs : List.of("kill9-master", "kill9-slave", "pause-master", "pause-slave", "restart-loop", "master-lost")) {
            assertEquals(Optional.empty(), why.get(runs), runs);
        }
        for (String skipped : List.of("swap-flush", "swap-replication", "swap-store", "swap-dedup", "swap-routing")) {
            String reason = why.get(skipped).orElseThrow(() -> new AssertionError(skipped + " is not skipped"));
            assertTrue(reason.startsWith("skipped: the master is not a Ballast base"), skipped + ": " + reason);
        }
        assertTrue(why.get("link-cut").orElseThrow().startsWith("skipped:"));
        assertTrue(why.get("disk-full").orElseThrow().startsWith("skipped:"));
    }

    @Test
    void withoutASlaveItsScenariosAreSkippedNamingTheOptions() {
        Map<String, Optional<String>> why = unavailable(foreign(false), "SYNC_MASTER");
        assertEquals(Optional.empty(), why.get("kill9-master"));
        assertTrue(why.get("kill9-slave").orElseThrow().contains("--slave-pid with --slave-start"), why.get("kill9-slave").toString());
        assertTrue(why.get("master-lost").orElseThrow().startsWith("skipped:"));
    }

    @Test
    void aCampaignOfSkippedScenariosReportsThemWithoutStartingAWorkload() throws Exception {
        Cluster cluster = foreign(true);
        Map<String, Fault> byName = Scenarios.longCampaign(Timings.shortCampaign(), "t", "SYNC_MASTER").stream()
                .collect(Collectors.toMap(Fault::name, Function.identity()));
        List<Fault> swaps = List.of(byName.get("swap-flush"), byName.get("swap-store"), byName.get("swap-dedup"));
        List<ScenarioRun> runs;
        try (Progress progress = new Progress(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), swaps.size())) {
            runs = new Campaign(cluster, Timings.shortCampaign(), false, "t").run(swaps, progress);
        }
        assertEquals(3, runs.size());
        for (ScenarioRun run : runs) {
            assertTrue(run.outcome().passed(), run.name() + " counts as passed-or-skipped");
            assertTrue(run.outcome().reasons().stream().anyMatch(r -> r.contains("not a Ballast base")), run.outcome().reasons().toString());
        }
        assertTrue(ResultTable.render(runs).contains("skipped: the master is not a Ballast base"), ResultTable.render(runs));
    }
}
