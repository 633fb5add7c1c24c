package io.ballast.remoting.protocol;

import java.util.Map;

/**
 * The replicas of one broker name: broker id (0 = master) → remoting address "ip:port". Keys are
 * written quoted (standard JSON), which every client parses.
 */
public record BrokerData(String cluster, String brokerName, Map<Long, String> brokerAddrs, boolean enableActingMaster) {
    public BrokerData {
        brokerAddrs = brokerAddrs == null ? Map.of() : Map.copyOf(brokerAddrs);
    }
}
