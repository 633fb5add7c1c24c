package io.ballast.broker.admin;

import io.ballast.broker.metadata.TopicNames;
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
import java.io.IOException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Topic administration: mqadmin updateTopic (17), deleteTopic (215), the dashboard's topic list
 * (21) and the single-topic config the 5.x tools fetch before topicStatus and consumerProgress
 * (351). The name servers learn of a change through {@code TopicConfigs.onChange}.
 */
final class TopicAdministration {
    private static final Logger LOG = LoggerFactory.getLogger(TopicAdministration.class);

    private final BrokerContext context;

    TopicAdministration(BrokerContext context) {
        this.context = context;
    }

    void register(ProcessorTable table) {
        table.register(RequestCode.UPDATE_AND_CREATE_TOPIC, this::createOrUpdate, Lane.ADMIN);
        table.register(RequestCode.DELETE_TOPIC_IN_BROKER, this::delete, Lane.ADMIN);
        table.register(RequestCode.GET_ALL_TOPIC_CONFIG, this::all, Lane.ADMIN);
        table.register(RequestCode.GET_TOPIC_CONFIG, this::one, Lane.ADMIN);
    }

    CompletionStage<RemotingCommand> createOrUpdate(RemotingChannel channel, RemotingCommand request) throws RequestException {
        TopicConfig config = TopicRequest.parse(RequestHeader.of(request));
        boolean existed = context.topics().find(config.topicName()).isPresent();
        context.topics().put(config);
        LOG.info("Topic {} {} by {}: {}", config.topicName(), existed ? "updated" : "created", channel.remoteAddress(), config);
        return Answers.success(request);
    }

    CompletionStage<RemotingCommand> delete(RemotingChannel channel, RemotingCommand request) throws RequestException, IOException {
        String topic = RequestHeader.of(request).requiredString("topic");
        if (TopicNames.isSystem(topic)) {
            throw new RequestException(ResponseCode.INVALID_PARAMETER, "topic " + topic + " is a system topic and cannot be deleted");
        }
        // Config first: once it is gone no send or pull is accepted, then the queues can go.
        boolean existed = context.topics().delete(topic);
        context.offsets().deleteTopic(topic);
        Answers.store(context).deleteTopic(topic);
        LOG.info("Topic {} deleted by {}{}", topic, channel.remoteAddress(), existed ? "" : " (it had no config)");
        return Answers.success(request);
    }

    CompletionStage<RemotingCommand> all(RemotingChannel channel, RemotingCommand request) {
        return Answers.json(request, context.topics().snapshot());
    }

    CompletionStage<RemotingCommand> one(RemotingChannel channel, RemotingCommand request) throws RequestException {
        String topic = RequestHeader.of(request).requiredString("topic");
        TopicConfig config = context.topics().find(topic).orElseThrow(() ->
                new RequestException(ResponseCode.TOPIC_NOT_EXIST, "topic " + topic + " does not exist on this broker"));
        // Upstream answers a TopicConfigAndQueueMapping; without static topics its mappingDetail
        // is absent, which the tools accept.
        return Answers.json(request, config);
    }
}
