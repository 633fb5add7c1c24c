package io.ballast.itest.ha;

import io.ballast.itest.fixture.Await;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.header.QueryConsumerOffsetRequestHeader;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;

/**
 * What the tests ask brokers and the name server directly, through the official client's own API
 * object (the calls mqadmin makes): GET_BROKER_RUNTIME_INFO, routes, committed consumer offsets.
 */
final class BrokerQueries {
    static final long TIMEOUT_MS = 3000;
    /** Key of the master's runtime info: bytes written that the slave has not acknowledged yet. */
    static final String REPLICATION_LAG = "replicationLagBytes";
    static final String MAX_OFFSET = "commitLogMaxOffset";

    private final MQClientAPIImpl api;

    /** Uses the started producer's client instance. */
    BrokerQueries(DefaultMQProducer startedProducer) {
        this.api = startedProducer.getDefaultMQProducerImpl().getMqClientFactory().getMQClientAPIImpl();
    }

    Map<String, String> runtimeInfo(String brokerAddress) throws Exception {
        return api.getBrokerRuntimeInfo(brokerAddress, TIMEOUT_MS).getTable();
    }

    long maxOffset(String brokerAddress) throws Exception {
        return Long.parseLong(runtimeInfo(brokerAddress).get(MAX_OFFSET));
    }

    /** Waits until master and slave report the same commitlog max offset: the slave caught up. */
    void awaitSameMaxOffset(String master, String slave, Duration timeout) throws InterruptedException {
        Await.until(timeout, () -> "slave " + slave + " caught up with master " + master, () -> {
            try {
                return maxOffset(master) == maxOffset(slave);
            } catch (Exception e) {
                return false;
            }
        });
    }

    /** The broker ids the name server lists for the topic's broker group right now; empty when it has no route. */
    Map<Long, String> brokersOf(String topic) {
        try {
            TopicRouteData route = api.getTopicRouteInfoFromNameServer(topic, TIMEOUT_MS);
            return route.getBrokerDatas().stream().findFirst().map(BrokerData::getBrokerAddrs).map(Map::copyOf).orElse(Map.of());
        } catch (Exception e) {
            return Map.of();
        }
    }

    /** Waits until the name server's route of {@code topic} lists exactly the broker ids {@code ids}. */
    void awaitRouteListing(String topic, Duration timeout, Long... ids) throws InterruptedException {
        java.util.Set<Long> wanted = java.util.Set.of(ids);
        Await.until(timeout, () -> "route of " + topic + " listing brokers " + wanted + " (lists " + brokersOf(topic).keySet() + ")",
                () -> brokersOf(topic).keySet().equals(wanted));
    }

    /** The offset the broker at {@code brokerAddress} holds for the group's queue; empty when it has none. */
    Optional<Long> committedOffset(String brokerAddress, String group, MessageQueue queue) {
        QueryConsumerOffsetRequestHeader header = new QueryConsumerOffsetRequestHeader();
        header.setConsumerGroup(group);
        header.setTopic(queue.getTopic());
        header.setQueueId(queue.getQueueId());
        header.setBrokerName(queue.getBrokerName());
        try {
            return Optional.of(api.queryConsumerOffset(brokerAddress, header, TIMEOUT_MS));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
