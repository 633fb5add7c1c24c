package io.ballast.itest.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.itest.fixture.Await;
import io.ballast.itest.fixture.BallastBroker;
import io.ballast.itest.fixture.ConfigFile;
import io.ballast.itest.fixture.MasterSlavePair;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A running master switched ASYNC_MASTER → SYNC_MASTER → ASYNC_MASTER → SYNC_MASTER →
 * ASYNC_MASTER by editing {@code brokerRole} in its {@code etc/io.ballast.broker.cfg} (FileInstall
 * applies it live) while several threads of the official client send synchronously. With the slave
 * connected and in sync the whole time, every send must be answered, and answered SEND_OK, whether
 * it was waiting in the strategy that left or arrived during the hand-over; afterwards everything
 * acknowledged is consumed from the master and the slave's commitlog is byte-identical to it.
 * The longest send in flight around each swap is printed, not asserted.
 *
 * <p>Quorum is not in the cycle: with one slave, {@code inSyncReplicas} 1 or 2 selects sync
 * replication (master + one slave), and 3 or more selects quorum but asks two slaves for acks,
 * which a pair cannot give (every send would end FLUSH_SLAVE_TIMEOUT). A quorum swap needs a
 * master with two slaves.
 */
class ReplicationRoleSwapIT {
    private static final int THREADS = 4;
    private static final int MAX_MESSAGES_PER_THREAD = 100_000;
    /** Safety bound of the load; the test stops it after the last swap. */
    private static final Duration LOAD_LIMIT = Duration.ofSeconds(45);
    private static final Duration BEFORE_FIRST_SWAP = Duration.ofSeconds(3);
    private static final Duration BETWEEN_SWAPS = Duration.ofSeconds(3);
    private static final Duration SWAP_TAKES_EFFECT = Duration.ofSeconds(20);
    /** How far either side of a swap a send counts as "around" it. */
    private static final Duration AROUND = Duration.ofMillis(500);
    private static final List<String> ROLES = List.of("SYNC_MASTER", "ASYNC_MASTER", "SYNC_MASTER", "ASYNC_MASTER");

    @RegisterExtension
    static final MasterSlavePair pair = MasterSlavePair.builder("ASYNC_MASTER").build();

    private final Clients clients = new Clients(pair.nameServerAddress());

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    void switchingAsyncSyncAsyncUnderLoadAnswersEverySendOkAndLosesNothing() throws Exception {
        String topic = Clients.unique("RoleSwap");
        DefaultMQProducer producer = clients.producer();
        BrokerQueries queries = new BrokerQueries(producer);
        String master = pair.master().address();
        String slave = pair.slave().address();
        ReplicationBindings bindings = new ReplicationBindings(pair.master().logFile());
        Path masterCfg = pair.master().base().resolve("etc").resolve(BallastBroker.BROKER_CFG);

        // The slave connected and caught up before the first swap, so SYNC_MASTER has no reason to refuse.
        producer.send(KeyedLoad.keyed(topic, "probe"));
        queries.awaitRouteListing(topic, Duration.ofSeconds(30), 0L, 1L);
        queries.awaitSameMaxOffset(master, slave, Duration.ofSeconds(60));
        awaitBinding(bindings, "AsyncReplication", 0);

        SendLedger ledger = new SendLedger();
        SendTimes times = new SendTimes();
        List<KeyedLoad> loads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            loads.add(new KeyedLoad(producer, topic, "t" + t, ledger, LOAD_LIMIT, MAX_MESSAGES_PER_THREAD).timedBy(times).start());
        }
        List<String> report = new ArrayList<>();
        try {
            Thread.sleep(BEFORE_FIRST_SWAP.toMillis());
            for (String role : ROLES) {
                String strategy = role.equals("SYNC_MASTER") ? "SyncReplication" : "AsyncReplication";
                int bindingsBefore = bindings.history().size();
                long edited = System.nanoTime();
                ConfigFile.override(masterCfg, Map.of("brokerRole", role));
                awaitBinding(bindings, strategy, bindingsBefore);
                long bound = System.nanoTime();
                Thread.sleep(BETWEEN_SWAPS.toMillis());
                report.add(String.format("-> %s: bound %d ms after the edit; longest send in flight around it %d ms",
                        role, (bound - edited) / 1_000_000,
                        times.longestInFlight(edited - AROUND.toNanos(), bound + AROUND.toNanos()).toMillis()));
            }
        } finally {
            for (KeyedLoad load : loads) {
                load.close();
            }
        }
        report.forEach(line -> System.out.println("[ReplicationRoleSwapIT] " + line));
        System.out.println("[ReplicationRoleSwapIT] " + times.count() + " sends: " + ledger.summary()
                + "; bindings " + bindings.history());

        assertEquals(0, ledger.failures(), "sends with no answer within the client's timeout: " + ledger.summary());
        Set<String> acknowledged = ledger.acknowledged();
        assertEquals(times.count(), acknowledged.size(), "sends answered other than SEND_OK: " + ledger.summary());
        assertFalse(bindings.history().contains(ReplicationBindings.NONE),
                "the send path was left without a replication strategy: " + bindings.history());

        queries.awaitSameMaxOffset(master, slave, Duration.ofSeconds(60));
        CommitLogFiles masterLog = new CommitLogFiles(pair.master().commitLogDir());
        CommitLogFiles slaveLog = new CommitLogFiles(pair.slave().commitLogDir());
        long from = Math.max(masterLog.firstOffset(), slaveLog.firstOffset());
        long to = queries.maxOffset(slave);
        OptionalLong difference = CommitLogFiles.firstDifference(masterLog, slaveLog, from, to);
        assertFalse(difference.isPresent(), "master and slave commitlogs differ at offset "
                + difference.orElse(-1) + " (compared [" + from + ", " + to + "))");

        Map<String, Integer> delivered = Drain.keys(clients, topic, acknowledged, Duration.ofSeconds(60));
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(delivered.keySet());
        assertTrue(lost.isEmpty(), lost.size() + " acknowledged messages not consumed from the master, e.g. "
                + lost.stream().limit(5).toList());
    }

    /** Waits until the broker's send path has a binding after the first {@code earlier} ones and the last is {@code strategy}. */
    private static void awaitBinding(ReplicationBindings bindings, String strategy, int earlier) throws InterruptedException {
        Await.until(SWAP_TAKES_EFFECT, () -> "the master's send path bound to " + strategy + " (bindings so far: "
                + history(bindings) + ")", () -> {
            List<String> history = history(bindings);
            return history.size() > earlier && history.get(history.size() - 1).equals(strategy);
        });
    }

    private static List<String> history(ReplicationBindings bindings) {
        try {
            return bindings.history();
        } catch (java.io.IOException e) {
            return List.of("(log unreadable: " + e + ")");
        }
    }
}
