package io.ballast.itest.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.itest.fixture.Await;
import io.ballast.itest.fixture.MasterSlavePair;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SYNC_MASTER + SLAVE under load from the official client, the master killed with SIGKILL mid-run:
 * every message the master answered SEND_OK is on the slave, byte-identical to the master's
 * commitlog, and consumable from the slave through the name server. Nothing acknowledged is lost;
 * duplicates are allowed and only counted.
 */
class SyncReplicationKillMasterIT {
    private static final Duration LOAD = Duration.ofSeconds(10);
    private static final Duration KILL_AFTER = Duration.ofSeconds(5);
    private static final int MAX_MESSAGES = 200_000;

    @RegisterExtension
    static final MasterSlavePair pair = MasterSlavePair.builder("SYNC_MASTER").build();

    private final Clients clients = new Clients(pair.nameServerAddress());

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    void everyAcknowledgedMessageIsOnTheSlaveByteIdenticalAndConsumable() throws Exception {
        String topic = Clients.unique("SyncKill");
        DefaultMQProducer producer = clients.producer();
        BrokerQueries queries = new BrokerQueries(producer);
        awaitReplicatedSend(producer, topic);
        queries.awaitRouteListing(topic, Duration.ofSeconds(30), 0L, 1L);

        SendLedger ledger = new SendLedger();
        KeyedLoad load = new KeyedLoad(producer, topic, "k", ledger, LOAD, MAX_MESSAGES).start();
        Thread.sleep(KILL_AFTER.toMillis());
        pair.master().kill9();
        load.awaitEnd();
        System.out.println("[SyncReplicationKillMasterIT] sends: " + load.sent() + " " + ledger.summary());
        Set<String> acknowledged = ledger.acknowledged();
        assertTrue(acknowledged.size() > 10, "the master acknowledged almost nothing before the kill: " + ledger.summary());

        // The slave's log is a prefix of the master's, byte for byte.
        long slaveMax = queries.maxOffset(pair.slave().address());
        CommitLogFiles masterLog = new CommitLogFiles(pair.master().commitLogDir());
        CommitLogFiles slaveLog = new CommitLogFiles(pair.slave().commitLogDir());
        long from = Math.max(masterLog.firstOffset(), slaveLog.firstOffset());
        assertTrue(slaveMax > from, "the slave holds nothing: max offset " + slaveMax);
        OptionalLong difference = CommitLogFiles.firstDifference(masterLog, slaveLog, from, slaveMax);
        assertFalse(difference.isPresent(), "master and slave commitlogs differ at offset "
                + difference.orElse(-1) + " (compared [" + from + ", " + slaveMax + "))");

        // With the master gone the route lists only the slave, and everything acknowledged is read from it.
        queries.awaitRouteListing(topic, Duration.ofSeconds(60), 1L);
        Map<String, Integer> delivered = Drain.keys(clients, topic, acknowledged, Duration.ofSeconds(120));
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(delivered.keySet());
        long duplicates = delivered.values().stream().filter(times -> times > 1).count();
        System.out.println("[SyncReplicationKillMasterIT] acknowledged " + acknowledged.size() + ", delivered "
                + delivered.size() + " keys, duplicated " + duplicates + ", lost " + lost.size());
        assertEquals(Set.of(), lost.size() > 20 ? Set.of(lost.size() + " keys, e.g. " + lost.iterator().next()) : lost,
                "acknowledged (SEND_OK) but not consumable from the slave");
    }

    /**
     * Sends until one send is answered SEND_OK: the slave has connected, authenticated and caught
     * up. Before that a SYNC_MASTER answers SLAVE_NOT_AVAILABLE or FLUSH_SLAVE_TIMEOUT.
     */
    static void awaitReplicatedSend(DefaultMQProducer producer, String topic) throws InterruptedException {
        Await.value(Duration.ofSeconds(60), () -> "a send to " + topic + " answered SEND_OK (a slave in sync)", () -> {
            SendStatus status = producer.send(KeyedLoad.keyed(topic, "probe")).getSendStatus();
            return status == SendStatus.SEND_OK ? Optional.of(status) : Optional.empty();
        });
    }
}
