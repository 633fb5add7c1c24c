package io.ballast.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void anUnknownScenarioNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Scenarios.only(Scenarios.longCampaign(Timings.shortCampaign(), "t"), Set.of("nope")));
        assertTrue(e.getMessage().contains("kill9-master"), e.getMessage());
    }
}
