package io.ballast.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VerifyOptionsTest {
    @Test
    void theDefaultIsTheLongCampaignOnALocalAsyncCluster() {
        VerifyOptions options = VerifyOptions.parse(new String[0]);
        assertEquals(false, options.shortCampaign());
        assertTrue(options.nameServer().isEmpty());
        assertEquals("ASYNC_MASTER", options.role());
        assertEquals("ASYNC_FLUSH", options.flush());
    }

    @Test
    void optionsAreRead() {
        VerifyOptions options = VerifyOptions.parse(new String[] {"--short", "--role", "SYNC_MASTER", "--flush", "SYNC_FLUSH",
                "--scenarios", "kill9-master,pause-slave", "-n", "h:1", "--master-base", "/m", "--dedup"});
        assertTrue(options.shortCampaign());
        assertEquals("SYNC_MASTER", options.role());
        assertEquals("SYNC_FLUSH", options.flush());
        assertEquals(Set.of("kill9-master", "pause-slave"), options.scenarios());
        assertEquals("h:1", options.nameServer().orElseThrow());
        assertTrue(options.dedup());
    }

    @Test
    void badUsageIsRefusedWithAClearMessage() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VerifyOptions.parse(new String[] {"--role", "MASTER"}))
                .getMessage().contains("ASYNC_MASTER or SYNC_MASTER"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VerifyOptions.parse(new String[] {"--master-base", "/m"}))
                .getMessage().contains("-n"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VerifyOptions.parse(new String[] {"--bogus"}))
                .getMessage().contains("unknown option"));
    }

    @Test
    void aBrokerOfAnyProductIsNamedByItsPidFileAndStartCommand() {
        VerifyOptions options = VerifyOptions.parse(new String[] {"-n", "h:1", "--master-pid", "/w/master.pid",
                "--master-start", "sh /w/start-master.sh", "--slave-pid", "/w/slave.pid", "--slave-start", "sh /w/start-slave.sh"});
        assertEquals(Path.of("/w/master.pid"), options.masterScript().orElseThrow().pidFile());
        assertEquals("sh /w/start-master.sh", options.masterScript().orElseThrow().startCommand());
        assertEquals(Path.of("/w/slave.pid"), options.slaveScript().orElseThrow().pidFile());
        assertEquals("sh /w/start-slave.sh", options.slaveScript().orElseThrow().startCommand());
        assertTrue(options.masterBase().isEmpty());
        BrokerProcess master = options.masterScript().orElseThrow().process("master");
        assertTrue(master instanceof ScriptedBroker);
        assertEquals("master", master.name());
    }

    @Test
    void aPidFileWithoutItsStartCommandOrBesideABaseIsRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VerifyOptions.parse(new String[] {"-n", "h:1", "--master-pid", "/p"}))
                .getMessage().contains("--master-pid and --master-start go together"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VerifyOptions.parse(new String[] {"-n", "h:1", "--slave-start", "x"}))
                .getMessage().contains("--slave-pid and --slave-start go together"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VerifyOptions.parse(new String[] {"-n", "h:1", "--master-base", "/m",
                "--master-pid", "/p", "--master-start", "x"})).getMessage().contains("not both"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VerifyOptions.parse(new String[] {"--master-pid", "/p",
                "--master-start", "x"})).getMessage().contains("-n"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VerifyOptions.parse(new String[] {"-n", "h:1", "--master-pid", "/p",
                "--master-start", " "})).getMessage().contains("needs a command"));
    }

    @Test
    void theUsageTextNamesTheProcessOptions() {
        for (String option : new String[] {"--master-pid", "--master-start", "--slave-pid", "--slave-start"}) {
            assertTrue(VerifyOptions.USAGE.contains(option), option);
        }
    }

    @Test
    void anUnknownScenarioNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Scenarios.only(Scenarios.longCampaign(Timings.shortCampaign(), "t", "ASYNC_MASTER"), Set.of("nope")));
        assertTrue(e.getMessage().contains("kill9-master"), e.getMessage());
    }
}
