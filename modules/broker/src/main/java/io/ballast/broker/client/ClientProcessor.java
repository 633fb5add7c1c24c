package io.ballast.broker.client;

import io.ballast.broker.client.HeartbeatData.ConsumerData;
import io.ballast.broker.client.HeartbeatData.SubscriptionData;
import io.ballast.broker.config.BrokerKey;
import io.ballast.broker.config.BrokerSettings;
import io.ballast.broker.metadata.SubscriptionGroupConfig;
import io.ballast.broker.server.BrokerContext;
import io.ballast.remoting.RemotingChannel;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestException;
import io.ballast.remoting.RequestHeader;
import io.ballast.remoting.RequestProcessor;
import io.ballast.remoting.protocol.Json;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import io.netty.buffer.Unpooled;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The client-registration calls, wire format §2.5: HEART_BEAT (34), UNREGISTER_CLIENT (35),
 * GET_CONSUMER_LIST_BY_GROUP (38) and CHECK_CLIENT_CONFIG (46).
 *
 * <p>A heartbeat registers its consumers before it is answered, so the GET_CONSUMER_LIST_BY_GROUP
 * the client sends next already lists it (a client missing from the list assigns itself no
 * queue), and a membership change is announced to the group at once.
 */
public final class ClientProcessor implements RequestProcessor {
    static final String CLUSTERING = "CLUSTERING";

    private final BrokerContext context;
    private final ProducerGroups producers;
    private final ConsumerIdsNotifier notifier;
    private final Clock clock;

    public ClientProcessor(BrokerContext context, ProducerGroups producers, ConsumerIdsNotifier notifier, Clock clock) {
        this.context = context;
        this.producers = producers;
        this.notifier = notifier;
        this.clock = clock;
    }

    @Override
    public CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request) throws RequestException {
        RemotingCommand response = switch (request.code()) {
            case RequestCode.HEART_BEAT -> heartbeat(channel, request);
            case RequestCode.UNREGISTER_CLIENT -> unregister(request);
            case RequestCode.GET_CONSUMER_LIST_BY_GROUP -> consumerList(request);
            case RequestCode.CHECK_CLIENT_CONFIG -> checkClientConfig(request);
            default -> throw new RequestException(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "request code " + request.code() + " is not a client-registration call");
        };
        return CompletableFuture.completedFuture(response);
    }

    private RemotingCommand heartbeat(RemotingChannel channel, RemotingCommand request) throws RequestException {
        HeartbeatData data = RequestBody.read(request, HeartbeatData.class, "HeartbeatData");
        if (data.clientID() == null || data.clientID().isEmpty()) {
            throw new RequestException(ResponseCode.INVALID_PARAMETER, "the heartbeat has no clientID");
        }
        BrokerSettings settings = context.settings().current();
        boolean autoCreate = settings.flag(BrokerKey.AUTO_CREATE_SUBSCRIPTION_GROUP);
        for (ConsumerData consumer : data.consumerDataSet()) {
            if (consumer.groupName() == null || consumer.groupName().isEmpty()) {
                continue;
            }
            Optional<SubscriptionGroupConfig> group = context.groups().findOrCreate(consumer.groupName(), autoCreate);
            if (group.isEmpty()) {
                continue; // unknown group and no auto-creation: as upstream, the consumer is not registered
            }
            if (CLUSTERING.equals(consumer.messageModel())) {
                context.topics().retryTopic(consumer.groupName(), group.get().retryQueueNums());
            }
            boolean changed = context.consumers().heartbeat(channel, data.clientID(), request.language(),
                    request.version(), consumer);
            if (changed && group.get().notifyConsumerIdsChangedEnable()) {
                notifier.notifyGroup(consumer.groupName());
            }
        }
        for (HeartbeatData.ProducerData producer : data.producerDataSet()) {
            if (producer.groupName() != null && !producer.groupName().isEmpty()) {
                producers.heartbeat(producer.groupName(), data.clientID(), channel, request.language().name(), request.version(),
                        clock.millis());
            }
        }
        // Heartbeat v2 (subscriptions left out when unchanged) is not served: saying so keeps 5.x
        // clients that enable it sending whole heartbeats.
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .extField("IS_SUPPORT_HEART_BEAT_V2", "false")
                .extField("IS_SUB_CHANGE", "true")
                .build();
    }

    private RemotingCommand unregister(RemotingCommand request) throws RequestException {
        RequestHeader header = RequestHeader.of(request);
        String clientId = header.requiredString("clientID");
        String producerGroup = header.optionalString("producerGroup", null);
        if (producerGroup != null) {
            producers.unregister(producerGroup, clientId);
        }
        String consumerGroup = header.optionalString("consumerGroup", null);
        if (consumerGroup != null && context.consumers().unregister(consumerGroup, clientId)) {
            boolean notify = context.groups().find(consumerGroup)
                    .map(SubscriptionGroupConfig::notifyConsumerIdsChangedEnable).orElse(true);
            if (notify) {
                notifier.notifyGroup(consumerGroup);
            }
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS).build();
    }

    /** Body shape of GET_CONSUMER_LIST_BY_GROUP's answer. */
    record ConsumerIdList(List<String> consumerIdList) {
    }

    private RemotingCommand consumerList(RemotingCommand request) throws RequestException {
        String group = RequestHeader.of(request).requiredString("consumerGroup");
        List<String> ids = context.consumers().clientIds(group);
        if (ids.isEmpty()) {
            // Upstream's answer; the client skips this rebalance and tries again at the next one.
            throw new RequestException(ResponseCode.SYSTEM_ERROR, "no consumer of group [" + group + "] is connected to this broker");
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .body(Unpooled.wrappedBuffer(Json.write(new ConsumerIdList(ids))))
                .build();
    }

    /** Body of CHECK_CLIENT_CONFIG. */
    record CheckClientBody(String clientId, String group, SubscriptionData subscriptionData, String namespace) {
    }

    private RemotingCommand checkClientConfig(RemotingCommand request) throws RequestException {
        if (request.body().isReadable()) {
            CheckClientBody body = RequestBody.read(request, CheckClientBody.class, "CheckClientRequestBody");
            SubscriptionData subscription = body.subscriptionData();
            String type = subscription == null ? null : subscription.expressionType();
            if (type != null && !type.isEmpty() && !type.equalsIgnoreCase("TAG")) {
                throw new RequestException(ResponseCode.SYSTEM_ERROR,
                        "The broker does not support consumer to filter message by " + type + " (Ballast filters by TAG only)");
            }
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS).build();
    }
}
