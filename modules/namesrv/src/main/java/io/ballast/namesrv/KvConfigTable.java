package io.ballast.namesrv;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The name server's key-value configuration, by namespace (PUT/GET/DELETE_KV_CONFIG,
 * GET_KVLIST_BY_NAMESPACE). Upstream keeps order-topic layouts here (namespace
 * {@value #ORDER_TOPIC_CONFIG}, key = topic, value = {@code "brokerA:4;brokerB:4"}); tools may
 * store anything else. Held in memory only: it is lost when the name server stops. Thread-safe.
 */
final class KvConfigTable {

    static final String ORDER_TOPIC_CONFIG = "ORDER_TOPIC_CONFIG";

    private final ConcurrentMap<String, ConcurrentMap<String, String>> namespaces = new ConcurrentHashMap<>();

    void put(String namespace, String key, String value) {
        namespaces.computeIfAbsent(namespace, n -> new ConcurrentHashMap<>()).put(key, value);
    }

    Optional<String> get(String namespace, String key) {
        Map<String, String> table = namespaces.get(namespace);
        return Optional.ofNullable(table == null ? null : table.get(key));
    }

    void delete(String namespace, String key) {
        namespaces.computeIfPresent(namespace, (n, table) -> {
            table.remove(key);
            return table.isEmpty() ? null : table;
        });
    }

    /** @return a sorted copy of the namespace's entries; empty when it has none */
    Map<String, String> namespace(String namespace) {
        Map<String, String> table = namespaces.get(namespace);
        return table == null ? Map.of() : new TreeMap<>(table);
    }
}
