package io.ballast.broker.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerSettingsTest {
    private static final Path BASE = Path.of("/srv/a");

    @Test
    void defaultsAreRocketMqsExceptWhereBallastStaysOnLoopback() {
        BrokerSettings s = BrokerSettings.defaults(BASE);
        assertEquals("DefaultCluster", s.clusterName());
        assertEquals("127.0.0.1:10911", s.brokerAddress());
        assertEquals("127.0.0.1:10912", s.haAddress());
        assertEquals(List.of("127.0.0.1:9876"), s.nameServers());
        assertTrue(s.flag(BrokerKey.AUTO_CREATE_TOPIC_ENABLE));
        assertEquals(8, s.integer(BrokerKey.DEFAULT_TOPIC_QUEUE_NUMS));
        assertFalse(s.isSlave());
    }

    @Test
    void readsBrokerConfKeysAsWritten() {
        BrokerSettings s = BrokerSettings.of(Map.of("brokerName", "broker-b", "brokerId", "1", "brokerRole", "SLAVE",
                "listenPort", " 11911 ", "namesrvAddr", "127.0.0.1:9876;127.0.0.2:9876", "storePathRootDir", "data/store"), BASE);
        assertEquals("broker-b", s.brokerName());
        assertEquals(1, s.brokerId());
        assertTrue(s.isSlave());
        assertEquals(11911, s.listenPort());
        assertEquals(List.of("127.0.0.1:9876", "127.0.0.2:9876"), s.nameServers());
        assertEquals(Path.of("/srv/a/data/store"), s.storeRoot());
        assertEquals(Path.of("/srv/a/data/store/config"), s.configDirectory());
        assertTrue(s.problems().isEmpty());
    }

    @Test
    void anUnusableValueFallsBackToTheDefaultAndIsReported() {
        BrokerSettings s = BrokerSettings.of(Map.of("listenPort", "ten", "autoCreateTopicEnable", "yes"), BASE);
        assertEquals(10911, s.listenPort());
        assertTrue(s.flag(BrokerKey.AUTO_CREATE_TOPIC_ENABLE));
        assertEquals(2, s.problems().size(), s.problems().toString());
    }

    @Test
    void withChangesKeepsTheOtherKeysAndTheBase() {
        BrokerSettings s = BrokerSettings.of(Map.of("brokerName", "b", "listenPort", "1"), BASE).with(Map.of("listenPort", "2"));
        assertEquals("b", s.brokerName());
        assertEquals(2, s.listenPort());
        assertEquals(Path.of("/srv/a/data/store"), s.storeRoot());
    }

    @Test
    void anAbsoluteStorePathIsKept() {
        assertEquals(Path.of("/data/x"), BrokerSettings.of(Map.of("storePathRootDir", "/data/x"), BASE).storeRoot());
    }

    @Test
    void everyKeyIsFoundByItsName() {
        for (BrokerKey key : BrokerKey.values()) {
            assertEquals(key, BrokerKey.named(key.key()).orElseThrow());
        }
    }
}
