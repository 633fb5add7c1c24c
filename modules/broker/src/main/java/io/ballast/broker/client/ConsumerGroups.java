package io.ballast.broker.client;

import io.ballast.broker.client.HeartbeatData.ConsumerData;
import io.ballast.broker.client.HeartbeatData.SubscriptionData;
import io.ballast.remoting.LanguageCode;
import io.ballast.remoting.RemotingChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live members of each consumer group, as their heartbeats describe them: which client on
 * which connection, and what it subscribes to. What GET_CONSUMER_LIST_BY_GROUP answers, what a
 * pull without its own expression filters with, and whom NOTIFY_CONSUMER_IDS_CHANGED goes to.
 *
 * <p>A member leaves when it unregisters, when its connection closes, or when it has been silent
 * for the channel expiry (120 s, as upstream). Every method that changes membership or
 * subscriptions says so, so the caller can notify the group. Thread-safe.
 */
public final class ConsumerGroups {

    /** One client of a group on one connection. */
    public record Member(String clientId, RemotingChannel channel, LanguageCode language, int version, long lastHeartbeat) {
    }

    /** A group as its latest heartbeats describe it. */
    public record Group(String name, String consumeType, String messageModel, String consumeFromWhere,
                        Map<String, SubscriptionData> subscriptions, Map<String, Member> members) {
        /** Client ids, sorted: the order every member's rebalance must agree on. */
        public List<String> clientIds() {
            return List.copyOf(new TreeSet<>(members.keySet()));
        }
    }

    private final Clock clock;
    private final Duration expiry;
    private final ConcurrentHashMap<String, Group> groups = new ConcurrentHashMap<>();

    public ConsumerGroups(Clock clock, Duration expiry) {
        this.clock = clock;
        this.expiry = expiry;
    }

    /**
     * Records one consumer entry of a heartbeat.
     *
     * @return true if the group's member list or subscriptions changed (notify its members)
     */
    public boolean heartbeat(RemotingChannel channel, String clientId, LanguageCode language, int version, ConsumerData data) {
        boolean[] changed = {false};
        groups.compute(data.groupName(), (name, old) -> {
            Map<String, Member> members = old == null ? new ConcurrentHashMap<>() : new ConcurrentHashMap<>(old.members());
            Member previous = members.put(clientId, new Member(clientId, channel, language, version, clock.millis()));
            Map<String, SubscriptionData> subscriptions = new ConcurrentHashMap<>();
            for (SubscriptionData s : data.subscriptionDataSet()) {
                subscriptions.put(s.topic(), s);
            }
            changed[0] = previous == null || previous.channel() != channel
                    || old == null || !subscriptionsEqual(old.subscriptions(), subscriptions);
            return new Group(name, data.consumeType(), data.messageModel(), data.consumeFromWhere(), subscriptions, members);
        });
        return changed[0];
    }

    private static boolean subscriptionsEqual(Map<String, SubscriptionData> a, Map<String, SubscriptionData> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, SubscriptionData> e : a.entrySet()) {
            SubscriptionData other = b.get(e.getKey());
            if (!java.util.Objects.equals(e.getValue().subString(), other.subString())
                    || !java.util.Objects.equals(e.getValue().expressionType(), other.expressionType())) {
                return false;
            }
        }
        return true;
    }

    /** @return true if the client was a member */
    public boolean unregister(String group, String clientId) {
        boolean[] removed = {false};
        groups.computeIfPresent(group, (name, old) -> {
            if (!old.members().containsKey(clientId)) {
                return old;
            }
            removed[0] = true;
            Map<String, Member> members = new ConcurrentHashMap<>(old.members());
            members.remove(clientId);
            return members.isEmpty() ? null : new Group(name, old.consumeType(), old.messageModel(),
                    old.consumeFromWhere(), old.subscriptions(), members);
        });
        return removed[0];
    }

    /** Removes every member on a closed connection; @return the groups that lost a member */
    public Set<String> channelClosed(RemotingChannel channel) {
        return removeMembers(m -> m.channel() == channel);
    }

    /** Removes members silent for longer than the expiry; @return the groups that lost a member */
    public Set<String> expireSilent() {
        long deadline = clock.millis() - expiry.toMillis();
        return removeMembers(m -> m.lastHeartbeat() < deadline);
    }

    private Set<String> removeMembers(java.util.function.Predicate<Member> gone) {
        Set<String> affected = new TreeSet<>();
        for (String group : groups.keySet()) {
            groups.computeIfPresent(group, (name, old) -> {
                Map<String, Member> members = new ConcurrentHashMap<>(old.members());
                if (!members.values().removeIf(gone)) {
                    return old;
                }
                affected.add(name);
                return members.isEmpty() ? null : new Group(name, old.consumeType(), old.messageModel(),
                        old.consumeFromWhere(), old.subscriptions(), members);
            });
        }
        return affected;
    }

    public Optional<Group> find(String group) {
        return Optional.ofNullable(groups.get(group));
    }

    /** The group's client ids, sorted; empty when it has no live member. */
    public List<String> clientIds(String group) {
        Group g = groups.get(group);
        return g == null ? List.of() : g.clientIds();
    }

    /** The connections of a group's members, for NOTIFY_CONSUMER_IDS_CHANGED. */
    public List<RemotingChannel> channels(String group) {
        Group g = groups.get(group);
        List<RemotingChannel> channels = new ArrayList<>();
        if (g != null) {
            g.members().values().forEach(m -> channels.add(m.channel()));
        }
        return channels;
    }

    /** The subscription a group's heartbeats declared for a topic. */
    public Optional<SubscriptionData> subscription(String group, String topic) {
        Group g = groups.get(group);
        return g == null ? Optional.empty() : Optional.ofNullable(g.subscriptions().get(topic));
    }

    public Collection<Group> all() {
        return List.copyOf(groups.values());
    }
}
