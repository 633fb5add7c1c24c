package io.ballast.verify;

import java.time.Duration;
import java.util.Optional;

/** kill -9 of the master or the slave, down for a while, then started again from its base. */
public final class KillNode implements Fault {
    private final boolean master;
    private final Duration down;

    public KillNode(boolean master, Duration down) {
        this.master = master;
        this.down = down;
    }

    @Override
    public String name() {
        return "kill9-" + (master ? "master" : "slave");
    }

    @Override
    public String proves() {
        return master
                ? "a master killed with SIGKILL and restarted keeps every message it acknowledged (the page cache outlives the process; recovery keeps a whole tail) under either flush"
                : "a slave killed with SIGKILL neither loses nor duplicates anything at the master's clients, and catches up after it restarts";
    }

    @Override
    public Optional<String> unavailable(Cluster cluster) {
        return (master ? cluster.master() : cluster.slave()).isPresent() ? Optional.empty()
                : Optional.of("skipped: needs the " + role() + "'s process (--" + role() + "-base, or --" + role() + "-pid with --" + role()
                + "-start)");
    }

    private String role() {
        return master ? "master" : "slave";
    }

    @Override
    public void inject(Cluster cluster, Timeline timeline, Workload load) throws Exception {
        BrokerProcess node = (master ? cluster.master() : cluster.slave()).orElseThrow();
        long from = timeline.now();
        node.kill9();
        Thread.sleep(down.toMillis());
        node.start();
        timeline.span("kill -9 " + node.name(), from);
    }
}
