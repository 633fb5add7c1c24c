package io.ballast.broker.client;

import io.ballast.remoting.RemotingChannel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The producer groups clients announce in their heartbeats, with the connections of each: what
 * GET_PRODUCER_CONNECTION_LIST answers. A producer leaves when it unregisters or its connection
 * closes. Thread-safe.
 */
public final class ProducerGroups {

    /** One producer client of a group on one connection. */
    public record Producer(String clientId, RemotingChannel channel, String language, int version, long lastHeartbeat) {
    }

    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Producer>> groups = new ConcurrentHashMap<>();

    public void heartbeat(String group, String clientId, RemotingChannel channel, String language, int version, long now) {
        groups.computeIfAbsent(group, g -> new ConcurrentHashMap<>()).put(clientId, new Producer(clientId, channel, language, version, now));
    }

    public void unregister(String group, String clientId) {
        groups.computeIfPresent(group, (g, members) -> {
            members.remove(clientId);
            return members.isEmpty() ? null : members;
        });
    }

    public void channelClosed(RemotingChannel channel) {
        for (String group : groups.keySet()) {
            groups.computeIfPresent(group, (g, members) -> {
                members.values().removeIf(p -> p.channel() == channel);
                return members.isEmpty() ? null : members;
            });
        }
    }

    /** The group's producers by client id, sorted; empty when none is connected. */
    public Map<String, Producer> producers(String group) {
        Map<String, Producer> members = groups.get(group);
        return members == null ? Map.of() : new TreeMap<>(members);
    }

    public Set<String> groups() {
        return Set.copyOf(groups.keySet());
    }

    public List<Producer> all() {
        return groups.values().stream().flatMap(m -> m.values().stream()).toList();
    }
}
