package io.ballast.verify;

import java.time.Duration;
import java.util.Optional;

/**
 * The master lost for good: killed with SIGKILL and not started again until the consumer has
 * drained what it can from the slave alone. The consumer is held while the lag is watched, so the
 * messages sent meanwhile are a backlog that only the slave can serve. The model's rows: under SYNC_MASTER nothing
 * acknowledged is lost; under ASYNC_MASTER the loss is bounded by the replication lag the master
 * reports.
 *
 * <p>The bound is made checkable this way: while the load runs, the master's
 * {@code replicationLagBytes} is read every 100 ms. At the last reading before the kill, at most
 * {@code lag} bytes were not on the slave, i.e. at most {@code ceil(lag / smallest record)}
 * messages; every message acknowledged after that reading may be unreplicated too. So the allowed
 * loss is {@code ceil(lag / RECORD_BYTES_AT_LEAST) + acks after the last reading}, which only
 * errs on the loose side.
 */
public final class MasterLost implements Fault {
    /** A stored record is at least its body (Workload's ~256 bytes) plus a header; the body alone is a safe lower bound. */
    static final long RECORD_BYTES_AT_LEAST = Workload.BODY_BYTES;
    private static final long SAMPLE_MILLIS = 100;

    private final Duration watch;
    private final String runId;
    private volatile boolean syncMaster;
    private volatile long lastLagBytes;
    private volatile long lastReadingAt = Long.MAX_VALUE;

    public MasterLost(Duration watch, String runId) {
        this.watch = watch;
        this.runId = runId;
    }

    @Override
    public String name() {
        return "master-lost";
    }

    @Override
    public String proves() {
        return "losing the master for good (consumers drain the backlog from the slave alone) loses nothing acknowledged under SYNC_MASTER, "
                + "and under ASYNC_MASTER no more than the replication lag the master reported just before";
    }

    @Override
    public Optional<String> unavailable(Cluster cluster) {
        return cluster.master().isPresent() && cluster.slave().isPresent() ? Optional.empty()
                : Optional.of("skipped: needs the master's and the slave's processes");
    }

    /** The master stays down through the drain: the slave alone serves what is left. */
    @Override
    public boolean healsBeforeDrain() {
        return false;
    }

    /** The messages sent while watching the lag are read only after the kill, from the slave. */
    @Override
    public boolean consumesAfterFault() {
        return true;
    }

    @Override
    public void inject(Cluster cluster, Timeline timeline, Workload load) throws Exception {
        Node master = cluster.master().orElseThrow();
        syncMaster = master.brokerKey("brokerRole", "ASYNC_MASTER").equals("SYNC_MASTER");
        try (BrokerProbe probe = new BrokerProbe(cluster.nameServerAddress(), runId)) {
            String address = probe.masterAddress();
            long until = System.nanoTime() + watch.toNanos();
            while (System.nanoTime() < until) {
                long at = timeline.now();
                lastLagBytes = probe.replicationLagBytes(address);
                lastReadingAt = at;
                Thread.sleep(SAMPLE_MILLIS);
            }
        }
        long from = timeline.now();
        master.kill9();
        timeline.span("master lost (lag read " + lastLagBytes + " B)", from);
    }

    @Override
    public Expectation expectation(boolean dedup, History history) {
        if (syncMaster) {
            return new Expectation(0, !dedup, "SYNC_MASTER, master lost: nothing acknowledged is lost");
        }
        long records = (lastLagBytes + RECORD_BYTES_AT_LEAST - 1) / RECORD_BYTES_AT_LEAST;
        long ackedAfter = history.sends().stream()
                .filter(s -> s.outcome() == History.SendOutcome.ACKED && s.atMillis() >= lastReadingAt).count();
        return new Expectation(records + ackedAfter, !dedup, "ASYNC_MASTER, master lost: loss bounded by the reported lag ("
                + lastLagBytes + " B = at most " + records + " message(s), plus " + ackedAfter + " acknowledged after that reading)");
    }
}
