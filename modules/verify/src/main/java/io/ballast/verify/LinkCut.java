package io.ballast.verify;

import java.time.Duration;
import java.util.Optional;

/** The master↔slave link taken down (both veth ends) for a while, then healed. */
public final class LinkCut implements Fault {
    private final Duration cut;

    public LinkCut(Duration cut) {
        this.cut = cut;
    }

    @Override
    public String name() {
        return "link-cut";
    }

    @Override
    public String proves() {
        return "a partition between master and slave loses nothing acknowledged: under SYNC_MASTER nothing is acknowledged while cut, under ASYNC_MASTER the slave catches up after the heal";
    }

    @Override
    public Optional<String> unavailable(Cluster cluster) {
        if (cluster.network().isPresent()) {
            return Optional.empty();
        }
        return Optional.of(SplitNetwork.available() ? "skipped: the brokers are not in namespaces (an existing cluster, or --no-netns)"
                : "skipped: needs root");
    }

    @Override
    public void inject(Cluster cluster, Timeline timeline, Workload load) throws Exception {
        SplitNetwork network = cluster.network().orElseThrow();
        long from = timeline.now();
        network.cut();
        try {
            Thread.sleep(cut.toMillis());
        } finally {
            network.heal();
            timeline.span("link cut", from);
        }
    }
}
