package io.ballast.namesrv;

import io.ballast.remoting.RemotingChannel;
import io.ballast.remoting.protocol.BrokerData;
import io.ballast.remoting.protocol.ClusterInfo;
import io.ballast.remoting.protocol.QueueData;
import io.ballast.remoting.protocol.TopicConfig;
import io.ballast.remoting.protocol.TopicRouteData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What the name server knows: the live broker replicas and, per topic, the queues each broker name
 * serves. Routes, cluster info and topic lists are read from these two tables.
 *
 * <pre>
 * brokers: brokerAddr → BrokerRegistration (cluster, brokerName, brokerId, HA addr, channel, last update)
 * queues:  topic → brokerName → QueueData   (inner map sorted by broker name, as routes list them)
 * </pre>
 *
 * Invariants: one replica per (brokerName, brokerId), the latest registration wins; a broker name
 * has queue data only while at least one of its replicas is registered; a topic exists only while
 * some broker name serves it. Only a master's registration changes queue data (a slave's topic
 * table is a copy of its master's), and it replaces that broker name's topics as a whole.
 *
 * <p>Thread-safe: one lock, held only for map work (no I/O under it). The tables are small
 * (brokers × topics), and every answer is a fresh copy, so a reader never sees a half-done register.
 */
final class RouteTable {

    private final Map<String, BrokerRegistration> brokers = new HashMap<>();
    private final Map<String, TreeMap<String, QueueData>> queues = new HashMap<>();

    /** What a registering slave learns about its master; both empty for a master or a slave without one. */
    record MasterAddresses(String haServerAddr, String masterAddr) {
        static final MasterAddresses NONE = new MasterAddresses("", "");
    }

    /**
     * Adds or renews a replica. A master's {@code topics} (when not null) become its broker name's
     * whole topic list: topics it no longer reports lose that broker name's queues.
     *
     * @param topics the registered topic table, or null when the registration carried no body
     */
    synchronized MasterAddresses register(BrokerRegistration broker, Map<String, TopicConfig> topics) {
        brokers.values().removeIf(other -> !other.brokerAddr().equals(broker.brokerAddr())
                && other.brokerName().equals(broker.brokerName()) && other.brokerId() == broker.brokerId());
        BrokerRegistration previous = brokers.put(broker.brokerAddr(), broker);
        if (previous != null && !previous.brokerName().equals(broker.brokerName())) {
            // the address now serves another broker name: the old name may have no replica left
            dropQueuesIfGone(previous.brokerName());
        }
        if (broker.isMaster() && topics != null) {
            replaceTopics(broker.brokerName(), topics);
        }
        if (broker.isMaster()) {
            return MasterAddresses.NONE;
        }
        return replica(broker.brokerName(), BrokerRegistration.MASTER_ID)
                .map(master -> new MasterAddresses(master.haServerAddr(), master.brokerAddr()))
                .orElse(MasterAddresses.NONE);
    }

    /** @return whether that replica was registered */
    synchronized boolean unregister(String brokerName, String brokerAddr, long brokerId) {
        BrokerRegistration broker = brokers.get(brokerAddr);
        if (broker == null || !broker.brokerName().equals(brokerName) || broker.brokerId() != brokerId) {
            return false;
        }
        remove(broker);
        return true;
    }

    /** Forgets every replica that registered on {@code channel}; a closed connection means a gone broker. */
    synchronized List<BrokerRegistration> removeRegisteredOn(RemotingChannel channel) {
        return removeAll(broker -> broker.channel() == channel);
    }

    /** Forgets every replica silent for longer than its heartbeat timeout. */
    synchronized List<BrokerRegistration> removeExpired(long nowMillis) {
        return removeAll(broker -> broker.expiredAt(nowMillis));
    }

    synchronized Optional<TopicRouteData> route(String topic) {
        TreeMap<String, QueueData> byBroker = queues.get(topic);
        if (byBroker == null) {
            return Optional.empty();
        }
        Map<String, BrokerData> groups = brokerGroups();
        List<BrokerData> brokerDatas = new ArrayList<>();
        for (String brokerName : byBroker.keySet()) {
            BrokerData group = groups.get(brokerName);
            if (group != null) {
                brokerDatas.add(group);
            }
        }
        if (brokerDatas.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TopicRouteData(null, List.copyOf(byBroker.values()), brokerDatas, Map.of()));
    }

    synchronized ClusterInfo clusterInfo() {
        Map<String, Set<String>> clusters = new TreeMap<>();
        for (BrokerRegistration broker : brokers.values()) {
            clusters.computeIfAbsent(broker.clusterName(), c -> new TreeSet<>()).add(broker.brokerName());
        }
        return new ClusterInfo(brokerGroups(), clusters);
    }

    synchronized Set<String> topics() {
        return new TreeSet<>(queues.keySet());
    }

    /** Topics served by at least one broker name of {@code clusterName}; empty for an unknown cluster. */
    synchronized Set<String> topicsOfCluster(String clusterName) {
        Set<String> names = brokerNamesOf(clusterName);
        return queues.entrySet().stream()
                .filter(topic -> topic.getValue().keySet().stream().anyMatch(names::contains))
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Upstream's "system topics" answer: every cluster name and broker name (each is also a topic a
     * broker creates for itself), with the address of one broker so a tool can ask it directly.
     */
    synchronized TopicList systemTopics() {
        Set<String> names = new TreeSet<>();
        String someBroker = null;
        for (BrokerRegistration broker : brokers.values()) {
            names.add(broker.clusterName());
            names.add(broker.brokerName());
            if (someBroker == null || broker.brokerAddr().compareTo(someBroker) < 0) {
                someBroker = broker.brokerAddr();
            }
        }
        return new TopicList(names, someBroker);
    }

    /**
     * Drops a topic's routes: all of them, or with {@code clusterName} only those of that cluster's
     * broker names. The brokers' next registration brings back what they still serve.
     *
     * @return whether any queue data was dropped
     */
    synchronized boolean deleteTopic(String topic, String clusterName) {
        TreeMap<String, QueueData> byBroker = queues.get(topic);
        if (byBroker == null) {
            return false;
        }
        if (clusterName == null) {
            queues.remove(topic);
            return true;
        }
        boolean changed = byBroker.keySet().removeAll(brokerNamesOf(clusterName));
        if (byBroker.isEmpty()) {
            queues.remove(topic);
        }
        return changed;
    }

    private void replaceTopics(String brokerName, Map<String, TopicConfig> topics) {
        queues.forEach((topic, byBroker) -> {
            if (!topics.containsKey(topic)) {
                byBroker.remove(brokerName);
            }
        });
        queues.values().removeIf(Map::isEmpty);
        topics.forEach((name, config) -> {
            // the table's key is the topic's name; the config's own name field may be absent
            queues.computeIfAbsent(name, t -> new TreeMap<>()).put(brokerName, new QueueData(brokerName,
                    config.readQueueNums(), config.writeQueueNums(), config.perm(), config.topicSysFlag()));
        });
    }

    private List<BrokerRegistration> removeAll(Predicate<BrokerRegistration> which) {
        List<BrokerRegistration> removed = brokers.values().stream().filter(which).toList();
        removed.forEach(this::remove);
        return removed;
    }

    private void remove(BrokerRegistration broker) {
        brokers.remove(broker.brokerAddr());
        dropQueuesIfGone(broker.brokerName());
    }

    private void dropQueuesIfGone(String brokerName) {
        boolean replicaLeft = brokers.values().stream().anyMatch(b -> b.brokerName().equals(brokerName));
        if (!replicaLeft) {
            queues.values().forEach(byBroker -> byBroker.remove(brokerName));
            queues.values().removeIf(Map::isEmpty);
        }
    }

    private Optional<BrokerRegistration> replica(String brokerName, long brokerId) {
        return brokers.values().stream()
                .filter(b -> b.brokerName().equals(brokerName) && b.brokerId() == brokerId)
                .findFirst();
    }

    private Set<String> brokerNamesOf(String clusterName) {
        return brokers.values().stream()
                .filter(b -> b.clusterName().equals(clusterName))
                .map(BrokerRegistration::brokerName)
                .collect(Collectors.toSet());
    }

    /** brokerName → BrokerData with its replicas' addresses by id; replicas name one cluster (should two disagree, the smaller name wins so answers stay stable). */
    private Map<String, BrokerData> brokerGroups() {
        Map<String, String> clusters = new HashMap<>();
        Map<String, Map<Long, String>> addresses = new TreeMap<>();
        for (BrokerRegistration broker : brokers.values()) {
            clusters.merge(broker.brokerName(), broker.clusterName(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
            addresses.computeIfAbsent(broker.brokerName(), n -> new TreeMap<>()).put(broker.brokerId(), broker.brokerAddr());
        }
        Map<String, BrokerData> groups = new TreeMap<>();
        addresses.forEach((name, addrs) -> groups.put(name, new BrokerData(clusters.get(name), name, addrs, false)));
        return groups;
    }
}
