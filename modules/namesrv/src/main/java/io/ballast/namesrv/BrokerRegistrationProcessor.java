package io.ballast.namesrv;

import io.ballast.remoting.RemotingChannel;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestException;
import io.ballast.remoting.RequestHeader;
import io.ballast.remoting.RequestProcessor;
import io.ballast.remoting.protocol.Json;
import io.ballast.remoting.protocol.RegisterBrokerBody;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REGISTER_BROKER (103) and UNREGISTER_BROKER (104): brokers announcing themselves and their topics
 * every 30 s, and leaving. The connection a broker registers on is watched: when it closes, the
 * broker is forgotten at once instead of after its heartbeat timeout.
 */
final class BrokerRegistrationProcessor implements RequestProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerRegistrationProcessor.class);

    /** Upstream's default when a broker does not say how long it may stay silent. */
    static final long DEFAULT_HEARTBEAT_TIMEOUT_MILLIS = 120_000;

    private final RouteTable routes;
    private final KvConfigTable kvConfig;
    private final Clock clock;
    private final Set<RemotingChannel> watchedChannels = ConcurrentHashMap.newKeySet();

    BrokerRegistrationProcessor(RouteTable routes, KvConfigTable kvConfig, Clock clock) {
        this.routes = routes;
        this.kvConfig = kvConfig;
        this.clock = clock;
    }

    @Override
    public CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request) throws RequestException {
        return CompletableFuture.completedFuture(switch (request.code()) {
            case RequestCode.REGISTER_BROKER -> register(channel, request);
            case RequestCode.UNREGISTER_BROKER -> unregister(request);
            default -> throw new RequestException(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "request code " + request.code() + " is not a broker registration");
        });
    }

    private RemotingCommand register(RemotingChannel channel, RemotingCommand request) throws RequestException {
        RequestHeader header = RequestHeader.of(request);
        String brokerName = header.requiredString("brokerName");
        String brokerAddr = header.requiredString("brokerAddr");
        String clusterName = header.requiredString("clusterName");
        String haServerAddr = header.requiredString("haServerAddr");
        long brokerId = header.requiredLong("brokerId");
        long heartbeatTimeout = header.optionalLong("heartbeatTimeoutMillis", DEFAULT_HEARTBEAT_TIMEOUT_MILLIS);
        if (brokerId < 0) {
            throw new RequestException(ResponseCode.INVALID_PARAMETER, "brokerId " + brokerId + " is negative");
        }
        if (heartbeatTimeout <= 0) {
            throw new RequestException(ResponseCode.INVALID_PARAMETER,
                    "heartbeatTimeoutMillis " + heartbeatTimeout + " is not positive");
        }
        RegisterBrokerBody body = readBody(request, header);

        BrokerRegistration broker = new BrokerRegistration(clusterName, brokerName, brokerId, brokerAddr, haServerAddr,
                heartbeatTimeout, body == null ? null : body.topicConfigSerializeWrapper().dataVersion(),
                channel, clock.millis());
        RouteTable.MasterAddresses master = routes.register(broker,
                body == null ? null : body.topicConfigSerializeWrapper().topicConfigTable());
        if (watch(channel)) {
            LOG.info("Broker {} registered: {} id {} of cluster {}", brokerAddr, brokerName, brokerId, clusterName);
        }

        RemotingCommand.Builder response = RemotingCommand.responseTo(request, ResponseCode.SUCCESS);
        // Upstream leaves both fields out unless a slave's master is registered; a broker reads an
        // absent field as "no master", while an empty address would be dialled.
        if (!master.masterAddr().isEmpty()) {
            response.extField("haServerAddr", master.haServerAddr()).extField("masterAddr", master.masterAddr());
        }
        Map<String, String> orderTopics = kvConfig.namespace(KvConfigTable.ORDER_TOPIC_CONFIG);
        if (!orderTopics.isEmpty()) {
            response.body(JsonBody.of(new KvTable(orderTopics)));
        }
        return response.build();
    }

    /** @return the body, or null for a registration without one (it only renews the broker) */
    private static RegisterBrokerBody readBody(RemotingCommand request, RequestHeader header) throws RequestException {
        if (!request.body().isReadable()) {
            return null;
        }
        if (header.optionalBoolean("compressed", false)) {
            throw new RequestException(ResponseCode.INVALID_PARAMETER,
                    "compressed REGISTER_BROKER bodies are not supported; set compressedRegister=false on the broker");
        }
        byte[] bytes = JsonBody.bytesOf(request);
        int expectedCrc = header.optionalInt("bodyCrc32", 0);
        if (expectedCrc != 0) {
            CRC32 crc = new CRC32();
            crc.update(bytes);
            int actual = (int) (crc.getValue() & 0x7FFFFFFF);
            if (actual != expectedCrc) {
                throw new RequestException(ResponseCode.INVALID_PARAMETER, "REGISTER_BROKER body CRC32 " + actual
                        + " does not match the header's bodyCrc32 " + expectedCrc + ": the body was damaged");
            }
        }
        try {
            RegisterBrokerBody body = Json.read(bytes, RegisterBrokerBody.class);
            if (body == null) {
                throw new IOException("the body is JSON null");
            }
            return body;
        } catch (IOException e) {
            throw new RequestException(ResponseCode.INVALID_PARAMETER,
                    "REGISTER_BROKER body is not a RegisterBrokerBody JSON object (a deflated body needs"
                            + " compressedRegister=false on the broker): " + firstLine(e.getMessage()));
        }
    }

    /**
     * The first registration on a connection arranges for the connection's close to forget its brokers.
     *
     * @return whether this was the first registration on {@code channel}
     */
    private boolean watch(RemotingChannel channel) {
        if (!watchedChannels.add(channel)) {
            return false;
        }
        channel.onClose(() -> {
            watchedChannels.remove(channel);
            for (BrokerRegistration gone : routes.removeRegisteredOn(channel)) {
                LOG.info("Broker {} ({} id {}) removed: its connection closed",
                        gone.brokerAddr(), gone.brokerName(), gone.brokerId());
            }
        });
        return true;
    }

    private RemotingCommand unregister(RemotingCommand request) throws RequestException {
        RequestHeader header = RequestHeader.of(request);
        header.requiredString("clusterName");
        String brokerName = header.requiredString("brokerName");
        String brokerAddr = header.requiredString("brokerAddr");
        long brokerId = header.requiredLong("brokerId");
        if (routes.unregister(brokerName, brokerAddr, brokerId)) {
            LOG.info("Broker {} ({} id {}) unregistered", brokerAddr, brokerName, brokerId);
        }
        // leaving twice is still leaving: upstream answers SUCCESS either way
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS).build();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
