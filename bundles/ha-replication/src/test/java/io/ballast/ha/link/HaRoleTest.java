package io.ballast.ha.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HaRoleTest {

    @Test
    void onlyABrokerJvmRunsTheLink() {
        assertTrue(HaRole.isBrokerJvm("namesrv, broker"));
        assertFalse(HaRole.isBrokerJvm("namesrv"));
        assertFalse(HaRole.isBrokerJvm("brokers"));
        assertFalse(HaRole.isBrokerJvm(null));
    }

    @Test
    void masterAddressMustBeHostAndPort() {
        assertEquals(10912, HaRole.masterAddress(" 127.0.0.1:10912 ").getPort());
        assertThrows(IllegalArgumentException.class, () -> HaRole.masterAddress("127.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> HaRole.masterAddress("host:port"));
    }

    @Test
    void housekeepingMustOutlastTheHeartbeat() {
        GroupCredentials group = new GroupCredentials("c", "b", "");
        assertThrows(IllegalArgumentException.class, () -> LinkSettings.of(group, 32 * 1024, 5000, 5000));
        assertThrows(IllegalArgumentException.class, () -> LinkSettings.of(group, 0, 5000, 20_000));
        assertEquals(32 * 1024, LinkSettings.of(group, 32 * 1024, 5000, 20_000).transferBatchSize());
    }
}
