package io.ballast.itest.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.itest.fixture.ConfigFile;
import io.ballast.itest.fixture.FreePorts;
import io.ballast.itest.fixture.MasterSlavePair;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A slave whose slave.conf has no {@code haMasterAddress} finds its master's HA address in the
 * name server's answer to its registration (as upstream slaves do), replicates until its
 * commitlog is byte-identical to the master's, and follows the master when it comes back on
 * another HA port.
 */
class SlaveFindsMasterThroughNameServerIT {
    @RegisterExtension
    static final MasterSlavePair pair = MasterSlavePair.builder("ASYNC_MASTER").slaveFindsMasterThroughNameServer().build();

    private final Clients clients = new Clients(pair.nameServerAddress());

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    void aSlaveWithoutHaMasterAddressReplicatesFromTheRegisteredMasterAndFollowsItToANewPort() throws Exception {
        assertEquals(Optional.empty(), pair.slave().setting("haMasterAddress"), "the slave is not told where its master is");
        String topic = Clients.unique("FoundMaster");
        DefaultMQProducer producer = clients.producer();
        BrokerQueries queries = new BrokerQueries(producer);
        String master = pair.master().address();
        String slave = pair.slave().address();

        load(producer, topic, "first");
        queries.awaitSameMaxOffset(master, slave, Duration.ofSeconds(60));
        assertByteIdentical(queries);

        // The master comes back on another HA port; only the name server can tell the slave.
        pair.master().stop();
        String movedPort = String.valueOf(FreePorts.pick(1)[0]);
        ConfigFile.override(pair.master().base().resolveSibling("master.conf"), Map.of("haListenPort", movedPort));
        pair.master().start();
        load(producer, topic, "moved");
        queries.awaitSameMaxOffset(master, slave, Duration.ofSeconds(90));
        assertByteIdentical(queries);
        assertTrue(pair.slave().logTail(400).contains(":" + movedPort), "the slave's log names the master's new HA port " + movedPort);
    }

    private static void load(DefaultMQProducer producer, String topic, String prefix) throws Exception {
        SendLedger ledger = new SendLedger();
        new KeyedLoad(producer, topic, prefix, ledger, Duration.ofSeconds(30), 1_500).start().awaitEnd();
        assertTrue(ledger.acknowledged().size() > 100, "the master took the load: " + ledger.summary());
    }

    private static void assertByteIdentical(BrokerQueries queries) throws Exception {
        long max = queries.maxOffset(pair.master().address());
        CommitLogFiles masterLog = new CommitLogFiles(pair.master().commitLogDir());
        CommitLogFiles slaveLog = new CommitLogFiles(pair.slave().commitLogDir());
        assertEquals(masterLog.firstOffset(), slaveLog.firstOffset(), "both logs start at the same segment");
        OptionalLong difference = CommitLogFiles.firstDifference(masterLog, slaveLog, masterLog.firstOffset(), max);
        assertFalse(difference.isPresent(), "master and slave commitlogs differ at offset " + difference.orElse(-1) + " (below " + max + ")");
    }
}
