package io.ballast.broker.send;

import io.ballast.broker.config.BrokerKey;
import io.ballast.broker.config.BrokerSettings;
import io.ballast.broker.delay.DelayLevels;
import io.ballast.broker.delay.Scheduling;
import io.ballast.broker.metadata.SubscriptionGroupConfig;
import io.ballast.broker.metadata.TopicNames;
import io.ballast.broker.server.BrokerContext;
import io.ballast.remoting.RemotingChannel;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestException;
import io.ballast.remoting.RequestProcessor;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.remoting.protocol.TopicConfig;
import io.ballast.spi.message.Message;
import io.ballast.spi.message.MessageProperties;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

/**
 * SEND_MESSAGE (10), SEND_MESSAGE_V2 (310) and SEND_BATCH_MESSAGE (320), in the order of wire
 * format §2.3: refuse on a slave; check topic and queue (auto-creating the topic); check sizes;
 * reroute a retry past its max reconsume times to the group's DLQ; add the broker's properties;
 * park a delayed message in the schedule topic; append; answer once the flush and replication
 * waits complete (unless WAIT=false), without holding the send thread.
 */
public final class SendMessageProcessor implements RequestProcessor {
    static final String CLUSTER = "CLUSTER";
    static final String TRANSACTION_PREPARED = "TRAN_MSG";
    /** sysFlag bit for MULTI_TAG topics (wire format §3.2). */
    static final int MULTI_TAGS = 0x2;
    private static final String MULTI_TAG = "MULTI_TAG";
    /** Born host when the channel cannot say (never on a real connection). */
    private static final InetSocketAddress UNKNOWN_HOST = new InetSocketAddress("127.0.0.1", 0);

    private final BrokerContext context;
    private final DurableAppend appender;
    private final DelayLevels delayLevels;
    private final UniqueKeys uniqueKeys;
    private final SendTopics sendTopics;

    public SendMessageProcessor(BrokerContext context, DurableAppend appender, DelayLevels delayLevels, UniqueKeys uniqueKeys) {
        this.context = context;
        this.appender = appender;
        this.delayLevels = delayLevels;
        this.uniqueKeys = uniqueKeys;
        this.sendTopics = new SendTopics(context.topics());
    }

    @Override
    public CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request) throws RequestException {
        try {
            CompletionStage<RemotingCommand> answer = request.code() == RequestCode.SEND_BATCH_MESSAGE
                    ? sendBatch(channel, request) : sendOne(channel, request);
            return answer.whenComplete((response, failure) -> {
                if (failure != null) {
                    context.stats().sendFailed();
                }
            });
        } catch (RequestException e) {
            context.stats().sendFailed();
            throw e;
        }
    }

    private CompletionStage<RemotingCommand> sendOne(RemotingChannel channel, RemotingCommand request) throws RequestException {
        BrokerSettings settings = context.settings().current();
        refuseOnSlave(settings);
        SendHeader header = SendHeader.of(request);
        TopicConfig topic = sendTopics.resolve(header, settings);
        byte[] body = checkedBody(request, settings);
        Map<String, String> properties = checkedProperties(header);

        int requestedQueue = header.queueId() < 0 ? randomQueue(topic.writeQueueNums()) : header.queueId();
        String topicName = topic.topicName();
        int queueId = requestedQueue;
        if (TopicNames.isRetry(topicName)) {
            String group = topicName.substring(TopicNames.RETRY_PREFIX.length());
            SubscriptionGroupConfig config = context.groups()
                    .findOrCreate(group, settings.flag(BrokerKey.AUTO_CREATE_SUBSCRIPTION_GROUP))
                    .orElseThrow(() -> new RequestException(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                            "subscription group " + group + " does not exist; its retry topic takes no messages"));
            int maxReconsumeTimes = header.maxReconsumeTimes().orElse(config.retryMaxTimes());
            if (header.reconsumeTimes() > maxReconsumeTimes) {
                topicName = context.topics().dlqTopic(group).topicName();
                queueId = 0;
                properties.remove(MessageProperties.DELAY);
            }
        }
        addBrokerProperties(properties, settings);
        int level = delayLevel(properties);
        Message message = Message.builder(topicName, body).queueId(queueId).flag(header.flag())
                .sysFlag(sysFlag(header.sysFlag(), topic)).bornTimestamp(header.bornTimestamp())
                .bornHost(bornHost(channel)).reconsumeTimes(header.reconsumeTimes()).properties(properties).build();
        if (level > 0) {
            message = Scheduling.park(message, level);
        }
        String uniqueKey = properties.get(MessageProperties.UNIQ_KEY);
        String storedTopic = message.topic();
        int bytes = body.length;
        return appender.append(message, waits(properties)).thenApply(appended -> {
            context.stats().put(storedTopic, 1, bytes);
            return SendResponse.of(request, appended, requestedQueue, uniqueKey);
        });
    }

    private CompletionStage<RemotingCommand> sendBatch(RemotingChannel channel, RemotingCommand request) throws RequestException {
        BrokerSettings settings = context.settings().current();
        refuseOnSlave(settings);
        SendHeader header = SendHeader.of(request);
        if (TopicNames.isRetry(header.topic())) {
            throw new RequestException(ResponseCode.MESSAGE_ILLEGAL, "a batch cannot be sent to the retry topic " + header.topic());
        }
        TopicConfig topic = sendTopics.resolve(header, settings);
        byte[] body = checkedBody(request, settings);
        Map<String, String> batchProperties = checkedProperties(header);
        int queueId = header.queueId() < 0 ? randomQueue(topic.writeQueueNums()) : header.queueId();
        InetSocketAddress bornHost = bornHost(channel);
        int sysFlag = sysFlag(header.sysFlag(), topic);

        List<Message> messages = new ArrayList<>();
        for (BatchBody.Entry entry : BatchBody.decode(java.nio.ByteBuffer.wrap(body))) {
            // The batch header's properties (WAIT, …) apply to every message; a message's own win.
            Map<String, String> properties = new HashMap<>(batchProperties);
            properties.putAll(entry.properties());
            addBrokerProperties(properties, settings);
            if (delayLevel(properties) > 0) {
                throw new RequestException(ResponseCode.MESSAGE_ILLEGAL, "messages of a batch cannot be delayed");
            }
            messages.add(Message.builder(topic.topicName(), entry.body()).queueId(queueId).flag(entry.flag())
                    .sysFlag(sysFlag).bornTimestamp(header.bornTimestamp()).bornHost(bornHost)
                    .reconsumeTimes(header.reconsumeTimes()).properties(properties).build());
        }
        int bytes = messages.stream().mapToInt(m -> m.body().length).sum();
        return appender.appendBatch(messages, waits(batchProperties)).thenApply(appended -> {
            context.stats().put(topic.topicName(), messages.size(), bytes);
            return SendResponse.of(request, appended, queueId, null);
        });
    }

    private static void refuseOnSlave(BrokerSettings settings) throws RequestException {
        if (settings.isSlave()) {
            throw new RequestException(ResponseCode.SERVICE_NOT_AVAILABLE,
                    "broker " + settings.brokerName() + " at " + settings.brokerAddress() + " is a slave and takes no sends; send to its master");
        }
    }

    private static byte[] checkedBody(RemotingCommand request, BrokerSettings settings) throws RequestException {
        int max = settings.integer(BrokerKey.MAX_MESSAGE_SIZE);
        int length = request.body().readableBytes();
        if (length > max) {
            throw new RequestException(ResponseCode.MESSAGE_ILLEGAL,
                    "the message body is " + length + " bytes; this broker's maxMessageSize is " + max);
        }
        byte[] body = new byte[length];
        request.body().getBytes(request.body().readerIndex(), body);
        return body;
    }

    private static Map<String, String> checkedProperties(SendHeader header) throws RequestException {
        int length = header.properties().getBytes(StandardCharsets.UTF_8).length;
        if (length > Short.MAX_VALUE) {
            throw new RequestException(ResponseCode.MESSAGE_ILLEGAL,
                    "the message properties are " + length + " bytes; at most " + Short.MAX_VALUE);
        }
        Map<String, String> properties = MessageProperties.decode(header.properties());
        if (Boolean.parseBoolean(properties.get(TRANSACTION_PREPARED))) {
            // Storing a half message as a normal one would deliver it even if the producer rolls back.
            throw new RequestException(ResponseCode.NO_PERMISSION, "this broker does not serve transactional messages yet");
        }
        return properties;
    }

    private void addBrokerProperties(Map<String, String> properties, BrokerSettings settings) {
        String uniqueKey = properties.get(MessageProperties.UNIQ_KEY);
        if (uniqueKey == null || uniqueKey.isEmpty()) {
            properties.put(MessageProperties.UNIQ_KEY, uniqueKeys.next());
        }
        properties.put(CLUSTER, settings.clusterName());
        properties.put(SendResponse.MSG_REGION, SendResponse.REGION);
        properties.put(SendResponse.TRACE_ON, "true");
    }

    private int delayLevel(Map<String, String> properties) throws RequestException {
        try {
            int requested = Scheduling.requestedLevel(properties);
            return requested == 0 ? 0 : delayLevels.clamp(requested);
        } catch (IllegalArgumentException e) {
            throw new RequestException(ResponseCode.MESSAGE_ILLEGAL, e.getMessage());
        }
    }

    private static boolean waits(Map<String, String> properties) {
        return !"false".equalsIgnoreCase(properties.get(MessageProperties.WAIT));
    }

    private static int sysFlag(int requested, TopicConfig topic) {
        return MULTI_TAG.equals(topic.topicFilterType()) ? requested | MULTI_TAGS : requested;
    }

    static InetSocketAddress bornHost(RemotingChannel channel) {
        InetSocketAddress remote = channel.remoteAddress();
        return remote == null || remote.getAddress() == null ? UNKNOWN_HOST : remote;
    }

    static int randomQueue(int queues) {
        return ThreadLocalRandom.current().nextInt(Math.max(1, queues));
    }
}
