package io.ballast.verify;

import java.time.Duration;
import java.util.Optional;

/** SIGSTOP of the master or the slave for a while, then SIGCONT: a process that hangs with its sockets open. */
public final class PauseNode implements Fault {
    private final boolean master;
    private final Duration paused;

    public PauseNode(boolean master, Duration paused) {
        this.master = master;
        this.paused = paused;
    }

    @Override
    public String name() {
        return "pause-" + (master ? "master" : "slave");
    }

    @Override
    public String proves() {
        return master
                ? "sends that time out against a frozen master are at worst indeterminate; nothing acknowledged is lost and the master serves again on SIGCONT"
                : "a frozen slave (connections open, nothing answered) costs the master's clients no acknowledged message; under SYNC_MASTER sends are answered without SEND_OK instead";
    }

    @Override
    public Optional<String> unavailable(Cluster cluster) {
        return (master ? cluster.master() : cluster.slave()).isPresent() ? Optional.empty()
                : Optional.of("skipped: needs the " + (master ? "master" : "slave") + "'s process");
    }

    @Override
    public void inject(Cluster cluster, Timeline timeline, Workload load) throws Exception {
        BrokerProcess node = (master ? cluster.master() : cluster.slave()).orElseThrow();
        long from = timeline.now();
        node.pause();
        try {
            Thread.sleep(paused.toMillis());
        } finally {
            node.resume();
            timeline.span("SIGSTOP " + node.name(), from);
        }
    }
}
