package io.ballast.broker.admin;

import io.ballast.broker.client.ConsumerGroups;
import io.ballast.broker.server.BrokerContext;
import io.ballast.broker.server.Lane;
import io.ballast.broker.server.ProcessorTable;
import io.ballast.remoting.RemotingChannel;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestException;
import io.ballast.remoting.RequestHeader;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.remoting.protocol.TopicConfig;
import io.ballast.spi.store.MessageStore;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;

/**
 * Per-queue figures for mqadmin topicStatus (202), consumerProgress (208) and topicList -c (300):
 * what the store holds of each queue and how far each group has committed.
 */
final class QueueStatistics {

    /** A value of GET_TOPIC_STATS_INFO's offsetTable (upstream TopicOffset). */
    record TopicOffset(long minOffset, long maxOffset, long lastUpdateTimestamp) {
    }

    /** A value of GET_CONSUME_STATS's offsetTable (upstream OffsetWrapper). */
    record OffsetWrapper(long brokerOffset, long consumerOffset, long pullOffset, long lastTimestamp) {
    }

    /** The body of QUERY_TOPIC_CONSUME_BY_WHO. */
    record GroupList(Set<String> groupList) {
    }

    private final BrokerContext context;
    private final GroupGetRates rates;

    QueueStatistics(BrokerContext context, java.time.Clock clock) {
        this.context = context;
        this.rates = new GroupGetRates(clock.getZone());
    }

    /** Takes one sample of what each group got; the area calls it every few seconds. */
    void sample(long now) {
        rates.sample(now, context.stats().messagesGotByTopicAndGroup());
    }

    void register(ProcessorTable table) {
        table.register(RequestCode.GET_TOPIC_STATS_INFO, this::topicStats, Lane.ADMIN);
        table.register(RequestCode.GET_CONSUME_STATS, this::consumeStats, Lane.ADMIN);
        table.register(RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, this::consumedBy, Lane.ADMIN);
    }

    CompletionStage<RemotingCommand> topicStats(RemotingChannel channel, RemotingCommand request) throws RequestException {
        String topic = RequestHeader.of(request).requiredString("topic");
        TopicConfig config = context.topics().find(topic).orElseThrow(() ->
                new RequestException(ResponseCode.TOPIC_NOT_EXIST, "topic " + topic + " does not exist on this broker"));
        MessageStore store = Answers.store(context);
        String broker = context.settings().current().brokerName();
        Map<MessageQueue, TopicOffset> table = new TreeMap<>();
        for (int queueId = 0; queueId < config.writeQueueNums(); queueId++) {
            long max = store.maxQueueOffset(topic, queueId);
            long last = max > 0 ? StoreTimestamps.at(store, topic, queueId, max - 1) : 0;
            table.put(new MessageQueue(topic, broker, queueId), new TopicOffset(store.minQueueOffset(topic, queueId), max, last));
        }
        return Answers.body(request, QueueKeyedJson.write(Map.of(), "offsetTable", table));
    }

    CompletionStage<RemotingCommand> consumeStats(RemotingChannel channel, RemotingCommand request) throws RequestException {
        RequestHeader header = RequestHeader.of(request);
        String group = header.requiredString("consumerGroup");
        String onlyTopic = header.optionalString("topic", null);
        MessageStore store = Answers.store(context);
        String broker = context.settings().current().brokerName();
        Set<String> topics = onlyTopic != null ? Set.of(onlyTopic) : new TreeSet<>(context.offsets().topicsOf(group));
        Optional<ConsumerGroups.Group> online = context.consumers().find(group);
        Map<MessageQueue, OffsetWrapper> table = new TreeMap<>();
        double consumeTps = 0;
        for (String topic : topics) {
            Optional<TopicConfig> config = context.topics().find(topic);
            // A topic the group's live members no longer subscribe to is history, not progress.
            boolean unsubscribed = online.isPresent() && !online.get().subscriptions().isEmpty()
                    && !online.get().subscriptions().containsKey(topic);
            if (config.isEmpty() || unsubscribed) {
                continue;
            }
            consumeTps += rates.perSecond(group, topic);
            for (int queueId = 0; queueId < config.get().readQueueNums(); queueId++) {
                long brokerOffset = Math.max(0, store.maxQueueOffset(topic, queueId));
                long consumerOffset = context.offsets().query(group, topic, queueId).orElse(0);
                long last = consumerOffset > 0 ? StoreTimestamps.at(store, topic, queueId, consumerOffset - 1) : 0;
                table.put(new MessageQueue(topic, broker, queueId),
                        new OffsetWrapper(brokerOffset, consumerOffset, consumerOffset, last));
            }
        }
        // Upstream's figure too: what the group got per second over the last minute, summed over the topics answered.
        return Answers.body(request, QueueKeyedJson.write(Map.of("consumeTps", consumeTps), "offsetTable", table));
    }

    CompletionStage<RemotingCommand> consumedBy(RemotingChannel channel, RemotingCommand request) throws RequestException {
        String topic = RequestHeader.of(request).requiredString("topic");
        Set<String> groups = new TreeSet<>(context.offsets().groupsOf(topic));
        for (ConsumerGroups.Group group : context.consumers().all()) {
            if (group.subscriptions().containsKey(topic)) {
                groups.add(group.name());
            }
        }
        return Answers.json(request, new GroupList(groups));
    }
}
