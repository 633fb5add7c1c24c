package io.ballast.verify;

import java.util.Map;
import java.util.OptionalLong;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;

/**
 * Asks the cluster what mqadmin would (GET_BROKER_INFO from the name server, GET_BROKER_RUNTIME_INFO
 * from a broker) through the official client's API object, on a client instance of its own.
 */
final class BrokerProbe implements AutoCloseable {
    private static final long TIMEOUT_MS = 3000;
    /** The master's runtime-info key for bytes written that the slave has not acknowledged. */
    static final String REPLICATION_LAG = "replicationLagBytes";

    private final DefaultMQProducer client;
    private final MQClientAPIImpl api;

    BrokerProbe(String nameServer, String runId) throws Exception {
        client = new DefaultMQProducer("verify-probe-" + runId);
        client.setNamesrvAddr(nameServer);
        client.setInstanceName("verify-probe-" + runId);
        client.setVipChannelEnabled(false);
        client.start();
        api = client.getDefaultMQProducerImpl().getMqClientFactory().getMQClientAPIImpl();
    }

    /** The address of the master (brokerId 0) of the first broker group the name server lists. */
    String masterAddress() throws Exception {
        ClusterInfo info = api.getBrokerClusterInfo(TIMEOUT_MS);
        for (BrokerData broker : info.getBrokerAddrTable().values()) {
            String master = broker.getBrokerAddrs().get(0L);
            if (master != null) {
                return master;
            }
        }
        throw new IllegalStateException("the name server lists no master");
    }

    /**
     * The master's reported replication lag in bytes, or empty when its runtime info has no such
     * key (Apache RocketMQ's has none: its un-replicated bytes are not in GET_BROKER_RUNTIME_INFO).
     */
    OptionalLong replicationLagBytes(String brokerAddress) throws Exception {
        Map<String, String> table = api.getBrokerRuntimeInfo(brokerAddress, TIMEOUT_MS).getTable();
        String lag = table.get(REPLICATION_LAG);
        return lag == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lag.strip()));
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
