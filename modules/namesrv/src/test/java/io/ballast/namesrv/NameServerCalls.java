package io.ballast.namesrv;

import io.ballast.remoting.RemotingChannel;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestException;
import io.ballast.remoting.RequestProcessor;
import io.ballast.remoting.protocol.DataVersion;
import io.ballast.remoting.protocol.Json;
import io.ballast.remoting.protocol.Perm;
import io.ballast.remoting.protocol.RegisterBrokerBody;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.remoting.protocol.TopicConfig;
import io.ballast.remoting.protocol.TopicConfigWrapper;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Drives a {@link NameServer}'s processors the way the remoting server does, and turns the answer
 * into plain values: a {@link RequestException} becomes its code and remark, as on the wire.
 */
final class NameServerCalls {

    static final String CLUSTER = "DefaultCluster";

    /** An answer with its body decoded as UTF-8 text (every name server body is JSON or properties). */
    record Answer(int code, String remark, Map<String, String> extFields, String body) {
    }

    private final NameServer nameServer;

    NameServerCalls(NameServer nameServer) {
        this.nameServer = nameServer;
    }

    Answer call(RemotingChannel channel, int code, Map<String, String> fields, byte[] body) throws Exception {
        RemotingCommand request = RemotingCommand.builder().code(code).opaque(7).extFields(fields)
                .body(body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body)).build();
        RequestProcessor processor = nameServer.processors().get(code);
        try {
            RemotingCommand response = processor.process(channel, request).toCompletableFuture().join();
            try {
                return new Answer(response.code(), response.remark(), response.extFields(),
                        response.body().toString(StandardCharsets.UTF_8));
            } finally {
                response.release();
            }
        } catch (RequestException e) {
            return new Answer(e.responseCode(), e.remark(), Map.of(), "");
        } finally {
            request.release();
        }
    }

    Answer call(int code, Map<String, String> fields) throws Exception {
        return call(new FakeChannel(1), code, fields, null);
    }

    Answer register(RemotingChannel channel, String brokerName, long brokerId, String addr, List<String> topics) throws Exception {
        return register(channel, brokerName, brokerId, addr, topics, 120_000);
    }

    Answer register(RemotingChannel channel, String brokerName, long brokerId, String addr, List<String> topics,
                    long heartbeatTimeoutMillis) throws Exception {
        Map<String, TopicConfig> table = topics.stream()
                .collect(Collectors.toMap(Function.identity(), t -> TopicConfig.of(t, 4, Perm.READ | Perm.WRITE)));
        byte[] body = Json.write(new RegisterBrokerBody(new TopicConfigWrapper(table, DataVersion.first()), List.of()));
        return call(channel, RequestCode.REGISTER_BROKER, registerHeader(brokerName, brokerId, addr, heartbeatTimeoutMillis), body);
    }

    static Map<String, String> registerHeader(String brokerName, long brokerId, String addr, long heartbeatTimeoutMillis) {
        Map<String, String> header = new LinkedHashMap<>();
        header.put("brokerName", brokerName);
        header.put("brokerAddr", addr);
        header.put("clusterName", CLUSTER);
        header.put("haServerAddr", haAddressOf(addr));
        header.put("brokerId", Long.toString(brokerId));
        header.put("heartbeatTimeoutMillis", Long.toString(heartbeatTimeoutMillis));
        header.put("compressed", "false");
        return header;
    }

    static String haAddressOf(String addr) {
        int colon = addr.lastIndexOf(':');
        return addr.substring(0, colon + 1) + (Integer.parseInt(addr.substring(colon + 1)) + 1);
    }

    Answer route(String topic) throws Exception {
        return call(RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", topic));
    }

    boolean hasRoute(String topic) throws Exception {
        int code = route(topic).code();
        if (code != ResponseCode.SUCCESS && code != ResponseCode.TOPIC_NOT_EXIST) {
            throw new AssertionError("route answered " + code);
        }
        return code == ResponseCode.SUCCESS;
    }
}
