package io.ballast.namesrv;

import io.ballast.remoting.RemotingChannel;
import io.ballast.remoting.protocol.DataVersion;
import java.util.Objects;

/**
 * One broker replica as the name server knows it from its last REGISTER_BROKER: who it is (cluster,
 * broker name, id; 0 = master), where it listens (remoting and HA addresses), how long it may stay
 * silent, and the connection it registered on (closing that connection forgets it at once).
 *
 * @param lastUpdateMillis when it last registered, by the route table's clock
 */
record BrokerRegistration(String clusterName, String brokerName, long brokerId, String brokerAddr,
                          String haServerAddr, long heartbeatTimeoutMillis, DataVersion dataVersion,
                          RemotingChannel channel, long lastUpdateMillis) {

    static final long MASTER_ID = 0;

    BrokerRegistration {
        Objects.requireNonNull(clusterName);
        Objects.requireNonNull(brokerName);
        Objects.requireNonNull(brokerAddr);
        Objects.requireNonNull(haServerAddr);
    }

    boolean isMaster() {
        return brokerId == MASTER_ID;
    }

    boolean expiredAt(long nowMillis) {
        return nowMillis - lastUpdateMillis > heartbeatTimeoutMillis;
    }
}
