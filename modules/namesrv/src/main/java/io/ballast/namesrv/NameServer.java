package io.ballast.namesrv;

import io.ballast.remoting.RequestProcessor;
import io.ballast.remoting.protocol.RequestCode;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

/**
 * The name server without its network listener: the route table, the KV configuration, the
 * processors that serve them by request code, and broker expiry. The component hands
 * {@link #processors()} to a remoting server; tests call the processors directly.
 */
final class NameServer implements AutoCloseable {

    private final RouteTable routes = new RouteTable();
    private final KvConfigTable kvConfig = new KvConfigTable();
    private final Map<Integer, RequestProcessor> processors;
    private final BrokerExpiry expiry;

    NameServer(NameServerSettings settings, Clock clock) {
        RequestProcessor registration = new BrokerRegistrationProcessor(routes, kvConfig, clock);
        RequestProcessor routeQueries = new RouteQueryProcessor(routes, kvConfig, settings);
        RequestProcessor kv = new KvConfigProcessor(kvConfig);
        RequestProcessor config = new NameServerConfigProcessor(settings);
        Map<Integer, RequestProcessor> byCode = new TreeMap<>();
        byCode.put(RequestCode.REGISTER_BROKER, registration);
        byCode.put(RequestCode.UNREGISTER_BROKER, registration);
        for (int code : new int[] {RequestCode.GET_ROUTEINFO_BY_TOPIC, RequestCode.GET_BROKER_CLUSTER_INFO,
                RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, RequestCode.GET_TOPICS_BY_CLUSTER,
                RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS, RequestCode.DELETE_TOPIC_IN_NAMESRV}) {
            byCode.put(code, routeQueries);
        }
        for (int code : new int[] {RequestCode.PUT_KV_CONFIG, RequestCode.GET_KV_CONFIG,
                RequestCode.DELETE_KV_CONFIG, RequestCode.GET_KVLIST_BY_NAMESPACE}) {
            byCode.put(code, kv);
        }
        byCode.put(RequestCode.GET_NAMESRV_CONFIG, config);
        byCode.put(RequestCode.UPDATE_NAMESRV_CONFIG, config);
        this.processors = Map.copyOf(byCode);
        this.expiry = new BrokerExpiry(routes, clock, settings.scanNotActiveBrokerIntervalMillis());
    }

    /** Request code → the processor that serves it; one processor serves several codes. */
    Map<Integer, RequestProcessor> processors() {
        return processors;
    }

    RouteTable routes() {
        return routes;
    }

    BrokerExpiry expiry() {
        return expiry;
    }

    @Override
    public void close() {
        expiry.close();
    }
}
