package io.ballast.itest.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.itest.fixture.Await;
import io.ballast.itest.fixture.MasterSlavePair;
import java.time.Duration;
import java.util.Map;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ASYNC_MASTER + SLAVE: the lag the master reports in GET_BROKER_RUNTIME_INFO
 * ({@code replicationLagBytes}) is what the slave really lacks when the master dies.
 *
 * <p>To make "what the slave lacks" a fixed number, the slave is caught up and then frozen with
 * SIGSTOP (its connection stays open, it acknowledges nothing more); the load runs on until more is
 * written than the sockets between them can hold, stops, the lag is read, and the master is
 * killed with SIGKILL before the slave is let go. Then:
 * <ul>
 *   <li>the reported lag is exactly what was written since the freeze (the slave had acknowledged
 *       everything before it);</li>
 *   <li>the slave lost at most that (it never loses what it had);</li>
 *   <li>and at least that minus what the sockets could still have delivered after the kill
 *       (the kernel's largest send and receive buffers, plus one chunk).</li>
 * </ul>
 */
class AsyncReplicationLagIT {
    private static final int CHUNK_BYTES = 32 * 1024;

    @RegisterExtension
    static final MasterSlavePair pair = MasterSlavePair.builder("ASYNC_MASTER")
            // the frozen slave must not be dropped as silent while the test reads the lag
            .both("haHousekeepingInterval", "120000")
            .build();

    private final Clients clients = new Clients(pair.nameServerAddress());

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    void reportedLagIsWhatTheSlaveLosesWhenTheMasterIsKilled() throws Exception {
        String topic = Clients.unique("AsyncLag");
        DefaultMQProducer producer = clients.producer();
        BrokerQueries queries = new BrokerQueries(producer);
        String master = pair.master().address();
        String slave = pair.slave().address();

        // Replication is running: some load, then the slave catches up and the reported lag is 0.
        SendLedger warmUp = new SendLedger();
        new KeyedLoad(producer, topic, "warm", warmUp, Duration.ofSeconds(3), 2_000).start().awaitEnd();
        assertEquals(0, warmUp.failures(), warmUp.summary());
        queries.awaitSameMaxOffset(master, slave, Duration.ofSeconds(60));
        Await.until(Duration.ofSeconds(30), () -> "reported lag 0 once the slave caught up",
                () -> lag(queries, master) == 0);

        // Freeze the slave, write more than can be in flight: the master must report all of it as not replicated.
        long slaveBeforeFreeze = queries.maxOffset(slave);
        long inFlight = SocketBuffers.largestInFlight() + CHUNK_BYTES;
        pair.slave().pause();
        SendLedger frozen = new SendLedger();
        try (KeyedLoad load = new KeyedLoad(producer, topic, "frozen", frozen, Duration.ofMinutes(2), 100_000, 16 * 1024).start()) {
            Await.until(Duration.ofMinutes(2), () -> "more than " + inFlight + " bytes written while the slave is frozen",
                    () -> writtenSince(queries, master, slaveBeforeFreeze) > inFlight + 1024 * 1024);
        }
        assertTrue(frozen.count(SendStatus.SEND_OK) > 0, "an ASYNC_MASTER answers SEND_OK without the slave: " + frozen.summary());

        Map<String, String> info = queries.runtimeInfo(master);
        assertTrue(info.containsKey(BrokerQueries.REPLICATION_LAG),
                "GET_BROKER_RUNTIME_INFO of the master has no " + BrokerQueries.REPLICATION_LAG + ": " + info.keySet());
        long reportedLag = Long.parseLong(info.get(BrokerQueries.REPLICATION_LAG));
        long masterMax = Long.parseLong(info.get(BrokerQueries.MAX_OFFSET));
        assertEquals(masterMax - slaveBeforeFreeze, reportedLag,
                "reported lag vs bytes written since the slave (caught up, lag 0) froze");

        pair.master().kill9();
        pair.slave().resume();
        long slaveMax = queries.maxOffset(slave);
        long lost = masterMax - slaveMax;
        System.out.println("[AsyncReplicationLagIT] master max " + masterMax + ", slave max " + slaveMax + ", lost " + lost
                + " bytes, reported lag " + reportedLag);
        assertTrue(lost <= reportedLag, "the slave lost " + lost + " bytes, more than the reported lag " + reportedLag);
        assertTrue(lost >= reportedLag - inFlight, "the slave lost only " + lost + " of the reported lag " + reportedLag
                + ", though at most " + inFlight + " bytes could still reach it after the kill");
    }

    private static long writtenSince(BrokerQueries queries, String master, long offset) {
        try {
            return queries.maxOffset(master) - offset;
        } catch (Exception e) {
            return 0;
        }
    }

    private static long lag(BrokerQueries queries, String master) {
        try {
            String value = queries.runtimeInfo(master).get(BrokerQueries.REPLICATION_LAG);
            return value == null ? -1 : Long.parseLong(value);
        } catch (Exception e) {
            return -1;
        }
    }
}
