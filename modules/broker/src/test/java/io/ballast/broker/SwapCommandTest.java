package io.ballast.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration each console swap of flush and replication writes. */
class SwapCommandTest {
    @Test
    void flushWordsSetFlushDiskType() {
        assertEquals(Map.of("flushDiskType", "SYNC_FLUSH"), SwapCommand.configChanges("flush", "sync", Map.of()));
        assertEquals(Map.of("flushDiskType", "ASYNC_FLUSH"),
                SwapCommand.configChanges("flush", "ASYNC", Map.of("flushDiskType", "SYNC_FLUSH")));
    }

    @Test
    void whatTheConfigurationAlreadySaysIsNotWrittenAgain() {
        assertEquals(Map.of(), SwapCommand.configChanges("flush", "async", Map.of()), "ASYNC_FLUSH is the default");
        assertEquals(Map.of(), SwapCommand.configChanges("replication", "sync", Map.of("brokerRole", "SYNC_MASTER")));
    }

    @Test
    void replicationWordsSetTheRoleAndTheReplicasQuorumNeeds() {
        assertEquals(Map.of("brokerRole", "SYNC_MASTER"), SwapCommand.configChanges("replication", "sync", Map.of()));
        assertEquals(Map.of("brokerRole", "SYNC_MASTER", "inSyncReplicas", "3"),
                SwapCommand.configChanges("replication", "quorum", Map.of()));
        assertEquals(Map.of("inSyncReplicas", "2"),
                SwapCommand.configChanges("replication", "sync", Map.of("brokerRole", "SYNC_MASTER", "inSyncReplicas", "3")),
                "sync from quorum lowers the replicas under quorum's threshold");
        assertEquals(Map.of("brokerRole", "ASYNC_MASTER"),
                SwapCommand.configChanges("replication", "async", Map.of("brokerRole", "SYNC_MASTER")));
    }

    @Test
    void unknownWordsAndSlavesAreRefusedWithAReason() {
        assertEquals("flush is sync or async, not fast", assertThrows(IllegalArgumentException.class,
                () -> SwapCommand.configChanges("flush", "fast", Map.of())).getMessage());
        assertThrows(IllegalArgumentException.class, () -> SwapCommand.configChanges("replication", "sync", Map.of("brokerRole", "SLAVE")));
    }
}
