package io.ballast.verify;

import java.util.Optional;

/**
 * A cluster someone else runs ({@code -n host:port}), optionally with the bases of its local
 * master and slave ({@code --master-base}, {@code --slave-base}) so that their processes can be
 * faulted. Restarts go through {@code bin/ballast start --base} of this distribution with the
 * base's own etc/, so the broker comes back with the configuration it had.
 */
public final class ExistingCluster implements Cluster {
    private final String nameServerAddress;
    private final Optional<Node> master;
    private final Optional<Node> slave;

    public ExistingCluster(String nameServerAddress, Optional<Node> master, Optional<Node> slave) {
        this.nameServerAddress = nameServerAddress;
        this.master = master;
        this.slave = slave;
    }

    @Override
    public String nameServerAddress() {
        return nameServerAddress;
    }

    @Override
    public Optional<Node> master() {
        return master;
    }

    @Override
    public Optional<Node> slave() {
        return slave;
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
