package io.ballast.verify;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

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
 *
 * <p>The role judged is the master's {@code brokerRole} from its etc/ when it is a Ballast base,
 * otherwise verify's {@code --role} (the configuration under test). A master that reports no
 * {@code replicationLagBytes} (Apache RocketMQ 5.3.3's GET_BROKER_RUNTIME_INFO has no key for
 * its un-replicated bytes) gives no ASYNC_MASTER bound: the scenario is then skipped with that
 * reason rather than judged against an assumed lag of 0.
 */
public final class MasterLost implements Fault {
    /** A stored record is at least its body (Workload's ~256 bytes) plus a header; the body alone is a safe lower bound. */
    static final long RECORD_BYTES_AT_LEAST = Workload.BODY_BYTES;
    private static final long SAMPLE_MILLIS = 100;

    private final Duration watch;
    private final String runId;
    private final String configuredRole;
    private volatile boolean syncMaster;
    private volatile long lastLagBytes;
    private volatile boolean lagReported;
    private volatile long lastReadingAt = Long.MAX_VALUE;

    /** @param configuredRole verify's --role, the role judged when the master's etc/ cannot be read */
    public MasterLost(Duration watch, String runId, String configuredRole) {
        this.watch = watch;
        this.runId = runId;
        this.configuredRole = configuredRole;
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
        if (cluster.master().isEmpty() || cluster.slave().isEmpty()) {
            return Optional.of("skipped: needs the master's and the slave's processes");
        }
        if (isSyncMaster(cluster)) {
            return Optional.empty();
        }
        try (BrokerProbe probe = new BrokerProbe(cluster.nameServerAddress(), runId + "-role")) {
            if (probe.replicationLagBytes(probe.masterAddress()).isEmpty()) {
                return Optional.of("skipped: the ASYNC_MASTER reports no " + BrokerProbe.REPLICATION_LAG
                        + " in its runtime info, so the loss the model allows cannot be bounded (only SYNC_MASTER is judged for it)");
            }
        } catch (Exception e) {
            // Not answering now: the scenario runs and reports what fails.
        }
        return Optional.empty();
    }

    /** The master's brokerRole from its etc/ when verify controls its base, otherwise --role. */
    private boolean isSyncMaster(Cluster cluster) {
        String role = configuredRole;
        if (cluster.ballastMaster().isPresent()) {
            try {
                role = cluster.ballastMaster().get().brokerKey("brokerRole", configuredRole);
            } catch (java.io.IOException e) {
                role = configuredRole;
            }
        }
        return role.equals("SYNC_MASTER");
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
        BrokerProcess master = cluster.master().orElseThrow();
        syncMaster = isSyncMaster(cluster);
        try (BrokerProbe probe = new BrokerProbe(cluster.nameServerAddress(), runId)) {
            String address = probe.masterAddress();
            long until = System.nanoTime() + watch.toNanos();
            while (System.nanoTime() < until) {
                long at = timeline.now();
                OptionalLong lag = probe.replicationLagBytes(address);
                if (lag.isEmpty() && !syncMaster) {
                    throw new java.io.IOException("the master stopped reporting " + BrokerProbe.REPLICATION_LAG + ": no loss bound");
                }
                lastLagBytes = lag.orElse(0);
                lagReported = lag.isPresent();
                lastReadingAt = at;
                Thread.sleep(SAMPLE_MILLIS);
            }
        }
        long from = timeline.now();
        master.kill9();
        // A SYNC_MASTER of another product may report no lag: its verdict needs none, and the label says so.
        timeline.span("master lost (" + (lagReported ? "lag read " + lastLagBytes + " B" : "no lag reported") + ")", from);
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
