package io.ballast.ha.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicationRoleSwitchTest {
    private final List<String> calls = new ArrayList<>();
    private final ReplicationRoleSwitch roleSwitch = new ReplicationRoleSwitch("async", "sync", "quorum",
            n -> calls.add("enable " + n), n -> calls.add("disable " + n));

    @Test
    void asyncMasterEnablesAsyncOnly() {
        roleSwitch.apply("ASYNC_MASTER", 1);
        assertEquals(List.of("enable async", "disable sync", "disable quorum"), calls);
    }

    @Test
    void syncMasterWithUpToTwoReplicasEnablesSync() {
        roleSwitch.apply(" sync_master ", 2);
        assertEquals(List.of("enable sync", "disable async", "disable quorum"), calls);
    }

    @Test
    void syncMasterWithThreeReplicasEnablesQuorum() {
        roleSwitch.apply("SYNC_MASTER", 3);
        assertEquals(List.of("enable quorum", "disable async", "disable sync"), calls);
    }

    @Test
    void aSlaveRunsNoStrategy() {
        roleSwitch.apply("SLAVE", 1);
        assertEquals(List.of("disable async", "disable sync", "disable quorum"), calls);
    }

    @Test
    void anUnknownRoleCountsAsAsyncMasterLikeTheBrokerCore() {
        roleSwitch.apply("SYNC_MASTR", 2);
        assertEquals(List.of("enable async", "disable sync", "disable quorum"), calls);
    }

    @Test
    void theArrivingStrategyIsEnabledBeforeTheLeavingOneIsDisabled() {
        roleSwitch.apply("SYNC_MASTER", 1);
        calls.clear();
        roleSwitch.apply("ASYNC_MASTER", 1);
        assertEquals("enable async", calls.get(0));
    }

    @Test
    void reapplyingWhatIsInForceTogglesNothing() {
        roleSwitch.apply("SYNC_MASTER", 1);
        calls.clear();
        roleSwitch.apply("SYNC_MASTER", 2);
        assertEquals(List.of(), calls);
    }
}
