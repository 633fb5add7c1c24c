package io.ballast.verify;

import java.time.Duration;
import java.util.Optional;

/**
 * A live swap of one of the master's services by editing its configuration file under load:
 * {@code flushDiskType} (ASYNC_FLUSH ↔ SYNC_FLUSH) or {@code brokerRole} (ASYNC_MASTER ↔
 * SYNC_MASTER). The other value is held for a while, then the original is written back.
 */
public final class ConfigSwap implements Fault {
    private final String key;
    private final String first;
    private final String second;
    private final String otherwise;
    private final Duration hold;

    private ConfigSwap(String key, String first, String second, String otherwise, Duration hold) {
        this.key = key;
        this.first = first;
        this.second = second;
        this.otherwise = otherwise;
        this.hold = hold;
    }

    public static ConfigSwap flush(Duration hold) {
        return new ConfigSwap("flushDiskType", "ASYNC_FLUSH", "SYNC_FLUSH", "ASYNC_FLUSH", hold);
    }

    public static ConfigSwap replication(Duration hold) {
        return new ConfigSwap("brokerRole", "ASYNC_MASTER", "SYNC_MASTER", "ASYNC_MASTER", hold);
    }

    @Override
    public String name() {
        return "swap-" + (key.equals("flushDiskType") ? "flush" : "replication");
    }

    @Override
    public String proves() {
        return "swapping " + key + " between " + first + " and " + second + " on a running master hands every waiting send over: none acknowledged is lost across either swap";
    }

    @Override
    public Optional<String> unavailable(Cluster cluster) {
        return cluster.withoutBallastMaster("its etc/");
    }

    @Override
    public void inject(Cluster cluster, Timeline timeline, Workload load) throws Exception {
        Node master = cluster.ballastMaster().orElseThrow();
        String original = master.brokerKey(key, otherwise);
        String swapped = original.equals(first) ? second : first;
        long from = timeline.now();
        master.editBrokerKey(key, swapped);
        try {
            Thread.sleep(hold.toMillis());
        } finally {
            master.editBrokerKey(key, original);
            timeline.span(key + "=" + swapped, from);
        }
    }
}
