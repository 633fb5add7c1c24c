package io.ballast.broker.send;

import io.ballast.broker.config.BrokerKey;
import io.ballast.broker.config.BrokerSettings;
import io.ballast.broker.delay.DelayLevels;
import io.ballast.broker.delay.Scheduling;
import io.ballast.broker.metadata.SubscriptionGroupConfig;
import io.ballast.broker.server.BrokerContext;
import io.ballast.remoting.RemotingChannel;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestException;
import io.ballast.remoting.RequestHeader;
import io.ballast.remoting.RequestProcessor;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.remoting.protocol.TopicConfig;
import io.ballast.remoting.protocol.Versions;
import io.ballast.spi.message.Message;
import io.ballast.spi.message.MessageProperties;
import io.ballast.spi.store.StoredRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * CONSUMER_SEND_MSG_BACK (36), wire format §2.5: a push consumer failed a message; store a copy
 * for the group's retry topic, delayed by the level the consumer asked for (0: 3 + reconsume
 * times), or in the group's DLQ once it has been retried maxReconsumeTimes or the consumer asked
 * for it (delayLevel &lt; 0).
 *
 * <p>Unlike upstream, which writes this copy with WAIT=false (§8.13), the answer waits for the
 * flush and replication promises: the consumer advances past the original once this succeeds,
 * so a retry copy lost on a power cut would be a lost message.
 */
public final class SendBackProcessor implements RequestProcessor {
    static final String ORIGIN_MESSAGE_ID = "ORIGIN_MESSAGE_ID";
    /** Upstream's first retry delay: level 3 (10 s), one more per earlier retry. */
    private static final int FIRST_RETRY_LEVEL = 3;

    private final BrokerContext context;
    private final DurableAppend appender;
    private final DelayLevels delayLevels;

    public SendBackProcessor(BrokerContext context, DurableAppend appender, DelayLevels delayLevels) {
        this.context = context;
        this.appender = appender;
        this.delayLevels = delayLevels;
    }

    @Override
    public CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request) throws RequestException {
        BrokerSettings settings = context.settings().current();
        if (settings.isSlave()) {
            throw new RequestException(ResponseCode.SERVICE_NOT_AVAILABLE,
                    "broker " + settings.brokerName() + " is a slave; send the message back to its master");
        }
        RequestHeader header = RequestHeader.of(request);
        long offset = header.requiredLong("offset");
        String group = header.requiredString("group");
        int delayLevel = header.requiredInt("delayLevel");
        SubscriptionGroupConfig config = context.groups()
                .findOrCreate(group, settings.flag(BrokerKey.AUTO_CREATE_SUBSCRIPTION_GROUP))
                .orElseThrow(() -> new RequestException(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                        "subscription group " + group + " does not exist"));
        if (config.retryQueueNums() <= 0) {
            return answer(request); // the group asked for failed messages to be dropped
        }
        StoredMessage original = original(offset);
        int maxReconsumeTimes = config.retryMaxTimes();
        if (request.version() >= Versions.V3_4_9 && header.has("maxReconsumeTimes")) {
            maxReconsumeTimes = header.optionalInt("maxReconsumeTimes", maxReconsumeTimes);
        }

        Map<String, String> properties = new HashMap<>(original.properties());
        properties.putIfAbsent(MessageProperties.RETRY_TOPIC, original.topic());
        String originId = properties.get(ORIGIN_MESSAGE_ID);
        if (originId == null || originId.isBlank()) {
            properties.put(ORIGIN_MESSAGE_ID, original.offsetMessageId());
        }
        properties.remove(MessageProperties.DELAY);
        Message.Builder copy = original.copy().reconsumeTimes(original.reconsumeTimes() + 1);

        Message message;
        if (original.reconsumeTimes() >= maxReconsumeTimes || delayLevel < 0) {
            TopicConfig dlq = context.topics().dlqTopic(group);
            message = copy.topic(dlq.topicName()).queueId(0).properties(properties).build();
        } else {
            TopicConfig retry = context.topics().retryTopic(group, config.retryQueueNums());
            int queues = Math.min(config.retryQueueNums(), retry.writeQueueNums());
            message = copy.topic(retry.topicName()).queueId(SendMessageProcessor.randomQueue(queues))
                    .properties(properties).build();
            int level = delayLevel == 0 ? FIRST_RETRY_LEVEL + original.reconsumeTimes() : delayLevel;
            message = Scheduling.park(message, delayLevels.clamp(level));
        }
        String storedTopic = message.topic();
        int bytes = message.body().length;
        return appender.append(message, true).thenApply(appended -> {
            context.stats().put(storedTopic, 1, bytes);
            return RemotingCommand.responseTo(request, ResponseCode.SUCCESS).build();
        });
    }

    private StoredMessage original(long offset) throws RequestException {
        StoredRecord record = appender.store().recordAt(offset).orElseThrow(() -> new RequestException(ResponseCode.SYSTEM_ERROR,
                "look message by offset failed: no message starts at commitlog offset " + offset));
        try {
            return StoredMessage.decode(record.bytes());
        } catch (StoredMessage.MalformedRecord e) {
            throw new RequestException(ResponseCode.SYSTEM_ERROR,
                    "the message at commitlog offset " + offset + " cannot be read: " + e.getMessage());
        }
    }

    private static CompletionStage<RemotingCommand> answer(RemotingCommand request) {
        return CompletableFuture.completedFuture(RemotingCommand.responseTo(request, ResponseCode.SUCCESS).build());
    }
}
