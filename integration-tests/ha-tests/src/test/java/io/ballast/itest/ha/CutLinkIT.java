package io.ballast.itest.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ballast.itest.fixture.MasterSlavePair;
import io.ballast.itest.fixture.MasterSlavePair.Placement;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SYNC_MASTER and SLAVE in two network namespaces ({@link SplitNetwork}); the link between them
 * is cut under sync replication: every send is answered FLUSH_SLAVE_TIMEOUT or SLAVE_NOT_AVAILABLE,
 * never SEND_OK. After the link heals the slave catches up (equal max offsets) and sends are
 * acknowledged again. Needs root; skipped otherwise.
 */
class CutLinkIT {
    private static final int SENDS_WHILE_CUT = 10;

    private static SplitNetwork network;
    private static MasterSlavePair pair;
    private Clients clients;

    @BeforeAll
    static void placeMasterAndSlaveApart() throws Exception {
        assumeTrue(SplitNetwork.available(), "skipped: needs root (ip netns, veth pairs)");
        network = new SplitNetwork();
        network.create();
        pair = MasterSlavePair.builder("SYNC_MASTER")
                .both("slaveTimeout", "2000")
                .placed("0.0.0.0", Placement.LOOPBACK, network.master(), network.slave())
                .build();
        pair.start(Path.of(System.getProperty("ballast.itest.work", "target")).resolve("bases").resolve("CutLinkIT"));
    }

    @AfterAll
    static void removeEverything() throws Exception {
        try {
            if (pair != null) {
                pair.close();
            }
        } finally {
            if (network != null) {
                network.close();
            }
        }
    }

    @AfterEach
    void closeClients() {
        if (clients != null) {
            clients.close();
        }
    }

    @Test
    void noSendIsAcknowledgedWhileTheLinkIsCutAndTheSlaveCatchesUpAfter() throws Exception {
        clients = new Clients(pair.nameServerAddress());
        String topic = Clients.unique("CutLink");
        DefaultMQProducer producer = clients.producer();
        BrokerQueries queries = new BrokerQueries(producer);
        try {
            SyncReplicationKillMasterIT.awaitReplicatedSend(producer, topic);

            network.cut();
            SendLedger ledger = new SendLedger();
            for (int i = 0; i < SENDS_WHILE_CUT; i++) {
                String key = "cut-" + i;
                try {
                    ledger.record(key, producer.send(KeyedLoad.keyed(topic, key)));
                } catch (Exception e) {
                    ledger.failed(key, e);
                }
            }
            System.out.println("[CutLinkIT] while cut: " + ledger.summary());
            assertEquals(0, ledger.count(SendStatus.SEND_OK), "SEND_OK while the slave was unreachable: " + ledger.summary());
            assertEquals(SENDS_WHILE_CUT, ledger.count(SendStatus.FLUSH_SLAVE_TIMEOUT) + ledger.count(SendStatus.SLAVE_NOT_AVAILABLE),
                    "every send answered FLUSH_SLAVE_TIMEOUT or SLAVE_NOT_AVAILABLE: " + ledger.summary());

            network.heal();
            String master = pair.master().address();
            String slave = pair.slave().address();
            queries.awaitSameMaxOffset(master, slave, Duration.ofMinutes(2));
            SyncReplicationKillMasterIT.awaitReplicatedSend(producer, topic);
        } catch (Throwable e) {
            System.err.println("[CutLinkIT] failed\n" + pair.logTails());
            throw e;
        }
    }
}
