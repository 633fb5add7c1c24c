package io.ballast.spi.replication;

import java.util.Objects;

/**
 * Where a slave's master is, as the name servers last reported it in their answer to the slave's
 * REGISTER_BROKER ({@code haServerAddr} and {@code masterAddr}, upstream's way for a slave to find
 * its master). The broker registers one as a service on a slave once an answer names a master,
 * and replaces it when a later answer names another (a master restarted on other ports, a new
 * master); the replication link connects to {@link #haAddress} unless {@code haMasterAddress} is
 * configured.
 *
 * @param haAddress     the master's replication address, {@code host:haListenPort}
 * @param brokerAddress the master's remoting address, {@code host:listenPort}
 */
public record MasterLocation(String haAddress, String brokerAddress) {
    public MasterLocation {
        if (Objects.requireNonNull(haAddress, "haAddress").isBlank()) {
            throw new IllegalArgumentException("a master location needs the master's HA address");
        }
        Objects.requireNonNull(brokerAddress, "brokerAddress");
    }
}
