package io.ballast.itest.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.itest.fixture.BallastInstance;
import io.ballast.itest.fixture.MasterSlavePair;
import io.ballast.itest.ha.LiveRoleSwaps.Swap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A master with two slaves (three replicas) switched ASYNC_MASTER → SYNC_MASTER (sync) →
 * {@code inSyncReplicas = 3} (quorum: both slaves must ack) → {@code inSyncReplicas = 2} (sync
 * again) → ASYNC_MASTER by live edits of its {@code etc/io.ballast.broker.cfg}, under load from
 * several threads of the official client; then, with quorum bound, one slave frozen by SIGSTOP:
 * the quorum can no longer be met, so no send may be acknowledged until it is thawed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuorumRoleSwapIT {
    private static final String TAG = "QuorumRoleSwapIT";
    private static final int THREADS = 4;
    private static final Duration BEFORE_FIRST_SWAP = Duration.ofSeconds(2);
    private static final Duration BETWEEN_SWAPS = Duration.ofSeconds(3);
    private static final Duration CATCH_UP = Duration.ofSeconds(60);
    private static final List<Swap> SWAPS = List.of(
            Swap.role("SYNC_MASTER", "SyncReplication"),
            new Swap(Map.of("inSyncReplicas", "3"), "QuorumReplication"),
            new Swap(Map.of("inSyncReplicas", "2"), "SyncReplication"),
            Swap.role("ASYNC_MASTER", "AsyncReplication"));
    private static final Swap QUORUM = new Swap(Map.of("brokerRole", "SYNC_MASTER", "inSyncReplicas", "3"), "QuorumReplication");
    /** What a quorum send short of a slave may be answered: stored, not acknowledged. */
    private static final Set<SendStatus> NOT_REPLICATED = EnumSet.of(SendStatus.FLUSH_SLAVE_TIMEOUT, SendStatus.SLAVE_NOT_AVAILABLE);

    @RegisterExtension
    static final MasterSlavePair group = MasterSlavePair.builder("ASYNC_MASTER").slaves(2).build();

    private final Clients clients = new Clients(group.nameServerAddress());

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    @Order(1)
    void switchingAsyncSyncQuorumSyncAsyncUnderLoadAnswersEverySendOkAndBothSlavesEndIdentical() throws Exception {
        String topic = Clients.unique("QuorumSwap");
        DefaultMQProducer producer = clients.producer();
        BrokerQueries queries = new BrokerQueries(producer);
        LiveRoleSwaps swaps = new LiveRoleSwaps(group.master());

        // Both slaves connected and caught up before the first swap, so quorum has two slaves to ask.
        producer.send(KeyedLoad.keyed(topic, "probe"));
        queries.awaitRouteListing(topic, Duration.ofSeconds(30), 0L, 1L, 2L);
        awaitSlavesCaughtUp(queries);
        swaps.awaitBound("AsyncReplication");

        LiveRoleSwaps.Outcome outcome = swaps.underLoad(producer, topic, THREADS, BEFORE_FIRST_SWAP, BETWEEN_SWAPS, SWAPS, TAG);

        outcome.assertEverySendAnsweredOk();
        swaps.assertNeverUnbound();

        awaitSlavesCaughtUp(queries);
        long to = queries.maxOffset(group.master().address());
        for (BallastInstance slave : group.slaves()) {
            OptionalLong difference = CommitLogFiles.firstDifference(group.master().commitLogDir(), slave.commitLogDir(), to);
            assertFalse(difference.isPresent(), slave.name() + "'s commitlog differs from the master's at offset "
                    + difference.orElse(-1) + " (up to " + to + ")");
        }

        Set<String> lost = Drain.missing(clients, topic, outcome.ledger().acknowledged(), Duration.ofSeconds(60));
        assertTrue(lost.isEmpty(), lost.size() + " acknowledged messages not consumed from the master, e.g. "
                + lost.stream().limit(5).toList());
    }

    @Test
    @Order(2)
    void underQuorumAFrozenSlaveWithholdsEveryAcknowledgementUntilItThaws() throws Exception {
        String topic = Clients.unique("QuorumFrozen");
        DefaultMQProducer producer = clients.producer();
        BrokerQueries queries = new BrokerQueries(producer);
        LiveRoleSwaps swaps = new LiveRoleSwaps(group.master());
        swaps.apply(QUORUM);
        assertEquals(SendStatus.SEND_OK, producer.send(KeyedLoad.keyed(topic, "both-slaves-up")).getSendStatus(),
                "with both slaves up the quorum acknowledges");
        awaitSlavesCaughtUp(queries);

        BallastInstance frozen = group.slaves().get(1);
        List<SendStatus> whileFrozen;
        frozen.pause();
        try {
            whileFrozen = sendConcurrently(producer, topic, "frozen", THREADS);
        } finally {
            frozen.resume();
        }
        System.out.println("[" + TAG + "] with " + frozen.name() + " stopped: " + whileFrozen);
        assertTrue(NOT_REPLICATED.containsAll(whileFrozen),
                "a quorum of three acknowledged a send with one slave frozen: " + whileFrozen);

        // Thawed, it catches up; from then on the quorum is whole again.
        awaitSlavesCaughtUp(queries);
        List<SendStatus> thawed = sendConcurrently(producer, topic, "thawed", THREADS);
        System.out.println("[" + TAG + "] after SIGCONT: " + thawed);
        assertEquals(List.of(SendStatus.SEND_OK), thawed.stream().distinct().toList(), "sends after the slave thawed: " + thawed);
    }

    private static void awaitSlavesCaughtUp(BrokerQueries queries) throws InterruptedException {
        for (BallastInstance slave : group.slaves()) {
            queries.awaitSameMaxOffset(group.master().address(), slave.address(), CATCH_UP);
        }
    }

    /** One synchronous send from each of {@code count} threads at once; their statuses (a send with no answer fails the test). */
    private static List<SendStatus> sendConcurrently(DefaultMQProducer producer, String topic, String prefix, int count)
            throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(count);
        try {
            List<Future<SendStatus>> sends = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String key = prefix + "-" + i;
                sends.add(senders.submit(() -> producer.send(KeyedLoad.keyed(topic, key)).getSendStatus()));
            }
            List<SendStatus> statuses = new ArrayList<>();
            for (Future<SendStatus> send : sends) {
                statuses.add(send.get(Clients.SEND_TIMEOUT_MS * 2L, TimeUnit.MILLISECONDS));
            }
            return statuses;
        } finally {
            senders.shutdownNow();
        }
    }
}
