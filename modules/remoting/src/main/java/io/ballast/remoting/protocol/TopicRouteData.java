package io.ballast.remoting.protocol;

import java.util.List;
import java.util.Map;

/**
 * The body of a GET_ROUTEINFO_BY_TOPIC answer. Both lists are always present (the client does not
 * check for null), and the filter-server table is always an empty map.
 */
public record TopicRouteData(String orderTopicConf, List<QueueData> queueDatas, List<BrokerData> brokerDatas,
                             Map<String, List<String>> filterServerTable) {
    public TopicRouteData {
        queueDatas = queueDatas == null ? List.of() : List.copyOf(queueDatas);
        brokerDatas = brokerDatas == null ? List.of() : List.copyOf(brokerDatas);
        filterServerTable = filterServerTable == null ? Map.of() : Map.copyOf(filterServerTable);
    }
}
