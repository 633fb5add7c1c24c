package io.ballast.itest.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.ballast.itest.fixture.Await;
import io.ballast.itest.fixture.BallastBroker;
import io.ballast.itest.fixture.BallastInstance;
import io.ballast.itest.fixture.ConfigFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.client.producer.DefaultMQProducer;

/**
 * Live edits of a running master's {@code etc/io.ballast.broker.cfg} (FileInstall applies them)
 * while threads of the official client send keyed messages synchronously, one attempt each. Each
 * edit counts as done when the master's log shows its send path bound to the strategy the edit
 * calls for; the load then runs on for a while before the next one, and the longest send in
 * flight around each swap is reported (not asserted: this machine's speed decides it).
 */
final class LiveRoleSwaps {
    private static final int MAX_MESSAGES_PER_THREAD = 100_000;
    /** Safety bound of the load; a run stops it after its last swap. */
    private static final Duration LOAD_LIMIT = Duration.ofSeconds(45);
    private static final Duration SWAP_TAKES_EFFECT = Duration.ofSeconds(20);
    /** How far either side of a swap a send counts as "around" it. */
    private static final Duration AROUND = Duration.ofMillis(500);

    /** One edit of the master's keys and the strategy (simple class name) it must bind. */
    record Swap(Map<String, String> edit, String strategy) {
        static Swap role(String brokerRole, String strategy) {
            return new Swap(Map.of("brokerRole", brokerRole), strategy);
        }
    }

    /** What the load saw, and one report line per swap. */
    record Outcome(SendLedger ledger, SendTimes times, List<String> report) {
        /** No send hung and every send was answered SEND_OK. */
        void assertEverySendAnsweredOk() {
            assertEquals(0, ledger.failures(), "sends with no answer within the client's timeout: " + ledger.summary());
            assertEquals(times.count(), ledger.acknowledged().size(), "sends answered other than SEND_OK: " + ledger.summary());
        }
    }

    private final Path masterCfg;
    private final ReplicationBindings bindings;

    LiveRoleSwaps(BallastInstance master) {
        this.masterCfg = master.base().resolve("etc").resolve(BallastBroker.BROKER_CFG);
        this.bindings = new ReplicationBindings(master.logFile());
    }

    /** Edits the master's keys and waits until its send path is bound to {@code swap.strategy()}. */
    void apply(Swap swap) throws IOException, InterruptedException {
        int before = history().size();
        ConfigFile.override(masterCfg, swap.edit());
        awaitBinding(swap.strategy(), before);
    }

    /** Waits until the latest binding of the master's send path is {@code strategy} (the state at start, before any edit). */
    void awaitBound(String strategy) throws InterruptedException {
        awaitBinding(strategy, 0);
    }

    /**
     * Starts {@code threads} senders, waits {@code before}, then makes each swap and holds it for
     * {@code between}; stops the load after the last.
     */
    Outcome underLoad(DefaultMQProducer producer, String topic, int threads, Duration before, Duration between,
                      List<Swap> swaps, String reportTag) throws Exception {
        SendLedger ledger = new SendLedger();
        SendTimes times = new SendTimes();
        List<KeyedLoad> loads = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            loads.add(new KeyedLoad(producer, topic, "t" + t, ledger, LOAD_LIMIT, MAX_MESSAGES_PER_THREAD).timedBy(times).start());
        }
        List<String> report = new ArrayList<>();
        try {
            Thread.sleep(before.toMillis());
            for (Swap swap : swaps) {
                long edited = System.nanoTime();
                apply(swap);
                long bound = System.nanoTime();
                Thread.sleep(between.toMillis());
                report.add(String.format("-> %s (%s): bound %d ms after the edit; longest send in flight around it %d ms",
                        swap.edit(), swap.strategy(), (bound - edited) / 1_000_000,
                        times.longestInFlight(edited - AROUND.toNanos(), bound + AROUND.toNanos()).toMillis()));
            }
        } finally {
            for (KeyedLoad load : loads) {
                load.close();
            }
        }
        report.forEach(line -> System.out.println("[" + reportTag + "] " + line));
        System.out.println("[" + reportTag + "] " + times.count() + " sends: " + ledger.summary() + "; bindings " + history());
        return new Outcome(ledger, times, report);
    }

    /** The send path was never left without a strategy: no "left and no other implementation" in the log. */
    void assertNeverUnbound() {
        List<String> history = history();
        assertFalse(history.contains(ReplicationBindings.NONE), "the send path was left without a replication strategy: " + history);
    }

    private void awaitBinding(String strategy, int earlier) throws InterruptedException {
        Await.until(SWAP_TAKES_EFFECT, () -> "the master's send path bound to " + strategy + " (bindings so far: "
                + history() + ")", () -> {
            List<String> history = history();
            return history.size() > earlier && history.get(history.size() - 1).equals(strategy);
        });
    }

    private List<String> history() {
        try {
            return bindings.history();
        } catch (IOException e) {
            return List.of("(log unreadable: " + e + ")");
        }
    }
}
