package io.ballast.remoting.protocol;

import java.util.Map;
import java.util.Set;

/** The body of a GET_BROKER_CLUSTER_INFO answer: every broker group, and the groups of each cluster. */
public record ClusterInfo(Map<String, BrokerData> brokerAddrTable, Map<String, Set<String>> clusterAddrTable) {
    public ClusterInfo {
        brokerAddrTable = brokerAddrTable == null ? Map.of() : Map.copyOf(brokerAddrTable);
        clusterAddrTable = clusterAddrTable == null ? Map.of() : Map.copyOf(clusterAddrTable);
    }
}
