package io.ballast.verify;

import java.util.Optional;

/**
 * A cluster someone else runs ({@code -n host:port}), optionally with its master's and slave's
 * processes so that they can be faulted: either the base of a local Ballast broker
 * ({@code --master-base}; restarts go through {@code bin/ballast start --base} of this
 * distribution with the base's own etc/), or any broker's pid file and start command
 * ({@code --master-pid}, {@code --master-start}; see {@link ScriptedBroker}).
 */
public final class ExistingCluster implements Cluster {
    private final String nameServerAddress;
    private final Optional<BrokerProcess> master;
    private final Optional<BrokerProcess> slave;

    public ExistingCluster(String nameServerAddress, Optional<BrokerProcess> master, Optional<BrokerProcess> slave) {
        this.nameServerAddress = nameServerAddress;
        this.master = master;
        this.slave = slave;
    }

    @Override
    public String nameServerAddress() {
        return nameServerAddress;
    }

    @Override
    public Optional<BrokerProcess> master() {
        return master;
    }

    @Override
    public Optional<BrokerProcess> slave() {
        return slave;
    }

    @Override
    public Optional<Node> ballastMaster() {
        return master.filter(Node.class::isInstance).map(Node.class::cast);
    }

    @Override
    public Optional<SplitNetwork> network() {
        return Optional.empty();
    }

    @Override
    public Optional<java.nio.file.Path> smallDisk() {
        return Optional.empty();
    }

    /** Leaves the cluster running: it is not ours. */
    @Override
    public void close() {
    }
}
