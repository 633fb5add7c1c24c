package io.ballast.verify;

import java.util.Optional;

/** The master killed with SIGKILL and started again at once, several times in a row. */
public final class RestartLoop implements Fault {
    private final int rounds;

    public RestartLoop(int rounds) {
        this.rounds = rounds;
    }

    @Override
    public String name() {
        return "restart-loop";
    }

    @Override
    public String proves() {
        return "recovery is repeatable: " + rounds + " crashes in a row, each recovering the previous one's tail, lose nothing acknowledged";
    }

    @Override
    public Optional<String> unavailable(Cluster cluster) {
        return cluster.master().isPresent() ? Optional.empty() : Optional.of("skipped: needs the master's process");
    }

    @Override
    public void inject(Cluster cluster, Timeline timeline, Workload load) throws Exception {
        BrokerProcess master = cluster.master().orElseThrow();
        for (int round = 1; round <= rounds; round++) {
            long from = timeline.now();
            master.kill9();
            master.start();
            timeline.span("restart " + round + "/" + rounds, from);
            Thread.sleep(1_000); // a little load between crashes, so each one has a fresh tail to recover
        }
    }
}
