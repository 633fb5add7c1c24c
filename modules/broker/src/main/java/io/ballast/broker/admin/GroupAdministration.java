package io.ballast.broker.admin;

import io.ballast.broker.client.ConsumerGroups;
import io.ballast.broker.client.ProducerGroups;
import io.ballast.broker.client.HeartbeatData.SubscriptionData;
import io.ballast.broker.metadata.SubscriptionGroupConfig;
import io.ballast.broker.server.BrokerContext;
import io.ballast.broker.server.Lane;
import io.ballast.broker.server.ProcessorTable;
import io.ballast.remoting.RemotingChannel;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestException;
import io.ballast.remoting.RequestHeader;
import io.ballast.remoting.protocol.Json;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumer-group administration: mqadmin updateSubGroup (200), deleteSubGroup (207), the
 * group and offset tables the dashboard and slaves read (201, 43), and who is connected:
 * consumerConnection (203) and producerConnection (204).
 */
final class GroupAdministration {
    private static final Logger LOG = LoggerFactory.getLogger(GroupAdministration.class);
    private static final Pattern LEGAL_GROUP = Pattern.compile("[%|a-zA-Z0-9_-]{1,255}");

    /** One client connection, as ConsumerConnection and ProducerConnection list them. */
    record Connection(String clientId, String clientAddr, String language, int version) {
    }

    /** The body of GET_CONSUMER_CONNECTION_LIST. */
    record ConsumerConnection(Set<Connection> connectionSet, Map<String, SubscriptionData> subscriptionTable,
                              String consumeType, String messageModel, String consumeFromWhere) {
    }

    /** The body of GET_PRODUCER_CONNECTION_LIST. */
    record ProducerConnection(Set<Connection> connectionSet) {
    }

    private final BrokerContext context;

    GroupAdministration(BrokerContext context) {
        this.context = context;
    }

    void register(ProcessorTable table) {
        table.register(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, this::createOrUpdate, Lane.ADMIN);
        table.register(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG, this::all, Lane.ADMIN);
        table.register(RequestCode.DELETE_SUBSCRIPTIONGROUP, this::delete, Lane.ADMIN);
        table.register(RequestCode.GET_ALL_CONSUMER_OFFSET, this::offsets, Lane.ADMIN);
        table.register(RequestCode.GET_CONSUMER_CONNECTION_LIST, this::consumerConnections, Lane.ADMIN);
        table.register(RequestCode.GET_PRODUCER_CONNECTION_LIST, this::producerConnections, Lane.ADMIN);
    }

    CompletionStage<RemotingCommand> createOrUpdate(RemotingChannel channel, RemotingCommand request) throws RequestException {
        SubscriptionGroupConfig config;
        try {
            config = Json.read(bytes(request), SubscriptionGroupConfig.class);
        } catch (IOException e) {
            throw new RequestException(ResponseCode.INVALID_PARAMETER, "the body is not a SubscriptionGroupConfig: " + e.getMessage());
        }
        if (config == null || config.groupName() == null || !LEGAL_GROUP.matcher(config.groupName()).matches()) {
            throw new RequestException(ResponseCode.INVALID_PARAMETER, "groupName must be 1 to 255 of letters, digits, '%', '|', '_' and '-'");
        }
        if (config.retryQueueNums() < 0 || config.retryMaxTimes() < -1) {
            throw new RequestException(ResponseCode.INVALID_PARAMETER, "retryQueueNums must be >= 0 and retryMaxTimes >= -1");
        }
        context.groups().put(config);
        LOG.info("Subscription group {} set by {}: {}", config.groupName(), channel.remoteAddress(), config);
        return Answers.success(request);
    }

    CompletionStage<RemotingCommand> all(RemotingChannel channel, RemotingCommand request) {
        return Answers.json(request, context.groups().snapshot());
    }

    CompletionStage<RemotingCommand> delete(RemotingChannel channel, RemotingCommand request) throws RequestException {
        RequestHeader header = RequestHeader.of(request);
        String group = header.requiredString("groupName");
        boolean cleanOffset = header.optionalBoolean("cleanOffset", false);
        boolean existed = context.groups().delete(group);
        if (cleanOffset) {
            context.offsets().deleteGroup(group);
        }
        LOG.info("Subscription group {} deleted by {}{}{}", group, channel.remoteAddress(),
                existed ? "" : " (it had no config)", cleanOffset ? ", with its offsets" : "");
        return Answers.success(request);
    }

    CompletionStage<RemotingCommand> offsets(RemotingChannel channel, RemotingCommand request) {
        return Answers.json(request, context.offsets().snapshot());
    }

    CompletionStage<RemotingCommand> consumerConnections(RemotingChannel channel, RemotingCommand request) throws RequestException {
        String group = RequestHeader.of(request).requiredString("consumerGroup");
        ConsumerGroups.Group online = context.consumers().find(group).filter(g -> !g.members().isEmpty()).orElseThrow(() ->
                new RequestException(ResponseCode.CONSUMER_NOT_ONLINE, "the consumer group " + group + " has no client connected to this broker"));
        Set<Connection> connections = new java.util.LinkedHashSet<>();
        new TreeMap<>(online.members()).values().forEach(m -> connections.add(
                new Connection(m.clientId(), address(m.channel().remoteAddress()), m.language().name(), m.version())));
        return Answers.json(request, new ConsumerConnection(connections, new TreeMap<>(online.subscriptions()),
                online.consumeType(), online.messageModel(), online.consumeFromWhere()));
    }

    /** The producers of a group that heartbeat to this broker; upstream's SYSTEM_ERROR when none does. */
    CompletionStage<RemotingCommand> producerConnections(RemotingChannel channel, RemotingCommand request) throws RequestException {
        String group = RequestHeader.of(request).requiredString("producerGroup");
        Map<String, ProducerGroups.Producer> online = context.producers().producers(group);
        if (online.isEmpty()) {
            throw new RequestException(ResponseCode.SYSTEM_ERROR, "the producer group[" + group + "] not exist");
        }
        Set<Connection> connections = new java.util.LinkedHashSet<>();
        online.values().forEach(p -> connections.add(new Connection(p.clientId(), address(p.channel().remoteAddress()), p.language(), p.version())));
        return Answers.json(request, new ProducerConnection(connections));
    }

    /** "ip:port", as upstream prints a channel's peer. */
    static String address(InetSocketAddress address) {
        if (address == null) {
            return "";
        }
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return host + ":" + address.getPort();
    }

    private static byte[] bytes(RemotingCommand request) {
        byte[] bytes = new byte[request.body().readableBytes()];
        request.body().getBytes(request.body().readerIndex(), bytes);
        return bytes;
    }
}
