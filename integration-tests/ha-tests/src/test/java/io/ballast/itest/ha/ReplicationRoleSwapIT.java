package io.ballast.itest.ha;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.itest.fixture.MasterSlavePair;
import io.ballast.itest.ha.LiveRoleSwaps.Swap;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
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
 * which a pair cannot give (every send would end FLUSH_SLAVE_TIMEOUT). {@link QuorumRoleSwapIT}
 * runs the quorum swap with two slaves.
 */
class ReplicationRoleSwapIT {
    private static final int THREADS = 4;
    private static final Duration BEFORE_FIRST_SWAP = Duration.ofSeconds(3);
    private static final Duration BETWEEN_SWAPS = Duration.ofSeconds(3);
    private static final List<Swap> SWAPS = List.of(
            Swap.role("SYNC_MASTER", "SyncReplication"), Swap.role("ASYNC_MASTER", "AsyncReplication"),
            Swap.role("SYNC_MASTER", "SyncReplication"), Swap.role("ASYNC_MASTER", "AsyncReplication"));

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
        LiveRoleSwaps swaps = new LiveRoleSwaps(pair.master());

        // The slave connected and caught up before the first swap, so SYNC_MASTER has no reason to refuse.
        producer.send(KeyedLoad.keyed(topic, "probe"));
        queries.awaitRouteListing(topic, Duration.ofSeconds(30), 0L, 1L);
        queries.awaitSameMaxOffset(master, slave, Duration.ofSeconds(60));
        swaps.awaitBound("AsyncReplication");

        LiveRoleSwaps.Outcome outcome = swaps.underLoad(producer, topic, THREADS, BEFORE_FIRST_SWAP, BETWEEN_SWAPS, SWAPS,
                "ReplicationRoleSwapIT");

        outcome.assertEverySendAnsweredOk();
        swaps.assertNeverUnbound();

        queries.awaitSameMaxOffset(master, slave, Duration.ofSeconds(60));
        OptionalLong difference = CommitLogFiles.firstDifference(pair.master().commitLogDir(), pair.slave().commitLogDir(),
                queries.maxOffset(slave));
        assertFalse(difference.isPresent(), "master and slave commitlogs differ at offset " + difference.orElse(-1));

        Set<String> lost = Drain.missing(clients, topic, outcome.ledger().acknowledged(), Duration.ofSeconds(60));
        assertTrue(lost.isEmpty(), lost.size() + " acknowledged messages not consumed from the master, e.g. "
                + lost.stream().limit(5).toList());
    }
}
