package io.ballast.broker.slave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.broker.BrokerFixture;
import io.ballast.broker.TestBroker;
import io.ballast.broker.admin.AdminArea;
import io.ballast.broker.config.BrokerSettings;
import io.ballast.broker.consume.ConsumeArea;
import io.ballast.broker.delay.DelayOffsets;
import io.ballast.broker.metadata.JsonFile;
import io.ballast.broker.metadata.SubscriptionGroupConfig;
import io.ballast.broker.metadata.TopicConfigs;
import io.ballast.broker.offset.ConsumerOffsets.Commit;
import io.ballast.broker.send.MessageArea;
import io.ballast.broker.server.BrokerArea;
import io.ballast.remoting.ProcessorExecutor;
import io.ballast.remoting.RemotingClient;
import io.ballast.remoting.RemotingServer;
import io.ballast.remoting.protocol.Perm;
import io.ballast.remoting.protocol.TopicConfig;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master and a slave broker in one JVM: the master serves its real processors on a loopback
 * port, the slave syncs from it through a real {@link RemotingClient}.
 */
class SlaveMetadataSyncTest {
    @TempDir
    Path dir;

    private final ProcessorExecutor executor = ProcessorExecutor.create("test-master", 2, 1000);
    private final RemotingClient client = new RemotingClient("test-slave-to-master");
    private TestBroker master;
    private MessageArea masterMessages;
    private RemotingServer masterServer;
    private TestBroker slave;
    private MessageArea slaveMessages;
    private int masterPort;
    private MetadataWatchArea watchArea;
    private final AtomicReference<String> registeredMaster = new AtomicReference<>();

    @BeforeEach
    void open() throws Exception {
        masterPort = freePort();
        master = TestBroker.open(dir.resolve("master"), Map.of("brokerName", "broker-t",
                "storePathRootDir", dir.resolve("master/store").toString()));
        masterMessages = new MessageArea(master.context);
        slave = TestBroker.open(dir.resolve("slave"), Map.of("brokerName", "broker-t", "brokerId", "1",
                "brokerRole", "SLAVE", "storePathRootDir", dir.resolve("slave/store").toString(),
                "masterAddress", "127.0.0.1:" + masterPort, "metadataSyncInterval", "100"));
        slaveMessages = new MessageArea(slave.context);
    }

    @AfterEach
    void close() {
        if (watchArea != null) {
            watchArea.close();
        }
        client.close();
        if (masterServer != null) {
            masterServer.close();
        }
        executor.close();
        slave.close();
        master.close();
    }

    /** The master as an older Ballast or Apache RocketMQ: no metadata watch. */
    private void startMasterServer() {
        startMasterServer(List.of());
    }

    private void startMasterServerWithWatch() {
        watchArea = new MetadataWatchArea(master.context, masterMessages.delayOffsets());
        startMasterServer(List.of(watchArea));
    }

    private void startMasterServer(List<BrokerArea> more) {
        RemotingServer.Builder builder = RemotingServer.builder("test-master").bind(new InetSocketAddress("127.0.0.1", masterPort));
        List<BrokerArea> areas = new ArrayList<>(List.of(masterMessages, new ConsumeArea(master.context),
                new AdminArea(master.context, changes -> changes)));
        areas.addAll(more);
        for (BrokerArea area : areas) {
            area.register((code, processor, lane) -> builder.register(code, processor, executor));
        }
        masterServer = builder.build();
        masterServer.start();
    }

    private SlaveMetadataSync sync() {
        return new SlaveMetadataSync(slave.context, slaveMessages.delayOffsets(), () -> Optional.ofNullable(registeredMaster.get()), client);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void topicsAndGroupsReplaceTheSlavesTablesAndArePersisted() throws Exception {
        master.context.topics().put(TopicConfig.of("orders", 4, Perm.READ | Perm.WRITE));
        master.context.groups().put(SubscriptionGroupConfig.defaults("billing"));
        slave.context.topics().put(TopicConfig.of("only-on-slave", 1, Perm.READ | Perm.WRITE));
        startMasterServer();

        sync().syncOnce().get(10, TimeUnit.SECONDS);

        assertEquals(master.context.topics().snapshot(), slave.context.topics().snapshot());
        assertFalse(slave.context.topics().find("only-on-slave").isPresent());
        assertTrue(slave.context.groups().find("billing").isPresent());
        assertEquals(master.context.groups().snapshot(), slave.context.groups().snapshot());
        TopicConfigs reopened = TopicConfigs.open(new JsonFile(dir.resolve("slave/config/topics.json")), true, 8);
        assertEquals(4, reopened.find("orders").orElseThrow().readQueueNums());
    }

    @Test
    void offsetsMergeForwardAndNeverMoveBackwards() throws Exception {
        master.context.topics().put(TopicConfig.of("orders", 4, Perm.READ | Perm.WRITE));
        master.context.offsets().commit("billing", "orders", 0, 10);
        master.context.offsets().commit("billing", "orders", 1, 5);
        slave.context.offsets().commit("billing", "orders", 0, 20);
        slave.context.offsets().commit("billing", "orders", 1, 3);
        masterMessages.delayOffsets().advance(1, 12);
        masterMessages.delayOffsets().advance(3, 40);
        slaveMessages.delayOffsets().advance(3, 50);
        startMasterServer();

        sync().syncOnce().get(10, TimeUnit.SECONDS);

        assertEquals(OptionalLong.of(20), slave.context.offsets().query("billing", "orders", 0));
        assertEquals(OptionalLong.of(5), slave.context.offsets().query("billing", "orders", 1));
        assertEquals(12, slaveMessages.delayOffsets().next(1));
        assertEquals(50, slaveMessages.delayOffsets().next(3));
        DelayOffsets persisted = DelayOffsets.open(new JsonFile(dir.resolve("slave/store/config/delayOffset.json")));
        assertEquals(12, persisted.next(1));
    }

    @Test
    void anOffsetCommittedOnTheSlaveAheadOfTheMasterIsCarriedBackToTheMaster() throws Exception {
        master.context.topics().put(TopicConfig.of("orders", 4, Perm.READ | Perm.WRITE));
        master.context.offsets().commit("billing", "orders", 0, 10);
        master.context.offsets().commit("billing", "orders", 1, 5);
        // Committed on the slave while the master was down: queue 0 further, queue 2 only there.
        slave.context.offsets().commit("billing", "orders", 0, 20);
        slave.context.offsets().commit("billing", "orders", 2, 7);
        // A topic the master does not have is not pushed to it.
        slave.context.offsets().commit("billing", "gone", 0, 9);
        startMasterServer();

        List<Commit> carried = sync().syncOnce().get(10, TimeUnit.SECONDS);

        assertEquals(2, carried.size());
        assertEquals(OptionalLong.of(20), master.context.offsets().query("billing", "orders", 0));
        assertEquals(OptionalLong.of(5), master.context.offsets().query("billing", "orders", 1));
        assertEquals(OptionalLong.of(7), master.context.offsets().query("billing", "orders", 2));
        assertEquals(OptionalLong.empty(), master.context.offsets().query("billing", "gone", 0));

        // In step now: the next round carries nothing.
        assertTrue(sync().syncOnce().get(10, TimeUnit.SECONDS).isEmpty());
    }

    @Test
    void theSyncSurvivesAnUnreachableMasterAndCatchesUpWhenItComes() throws Exception {
        master.context.topics().put(TopicConfig.of("orders", 4, Perm.READ | Perm.WRITE));
        SlaveMetadataSync sync = sync();
        ExecutionException failed = assertThrows(ExecutionException.class, () -> sync.syncOnce().get(10, TimeUnit.SECONDS));
        assertTrue(failed.getCause().getMessage().contains("127.0.0.1:" + masterPort), failed.getCause().getMessage());

        sync.start();
        Thread.sleep(300); // a few rounds against nobody
        assertFalse(slave.context.topics().find("orders").isPresent());
        startMasterServer();

        try {
            assertTrue(BrokerFixture.eventually(() -> slave.context.topics().find("orders").isPresent()),
                    "the slave never synced after its master came up");
        } finally {
            sync.close();
        }
    }

    /** With a 60 s interval, only the watch can bring the master's changes within seconds. */
    private void slowInterval() {
        slave.settings.replace(BrokerSettings.of(Map.of("brokerName", "broker-t", "brokerId", "1", "brokerRole", "SLAVE",
                "storePathRootDir", dir.resolve("slave/store").toString(), "masterAddress", "127.0.0.1:" + masterPort,
                "metadataSyncInterval", "60000"), dir.resolve("slave")));
    }

    @Test
    void aChangeOnTheMasterReachesTheSlaveWithoutWaitingForTheInterval() throws Exception {
        slowInterval();
        master.context.topics().put(TopicConfig.of("orders", 4, Perm.READ | Perm.WRITE));
        startMasterServerWithWatch();
        SlaveMetadataSync sync = sync();
        sync.start();
        try {
            assertTrue(BrokerFixture.eventually(() -> slave.context.topics().find("orders").isPresent()), "the first round never ran");
            assertTrue(BrokerFixture.eventually(() -> watchArea.watch().size() == 1), "the slave does not watch its master");

            master.context.topics().put(TopicConfig.of("payments", 2, Perm.READ | Perm.WRITE));
            assertTrue(BrokerFixture.eventually(() -> slave.context.topics().find("payments").isPresent()),
                    "a new topic did not reach the slave within 10 s, with a 60 s interval");
            master.context.groups().put(SubscriptionGroupConfig.defaults("billing"));
            assertTrue(BrokerFixture.eventually(() -> slave.context.groups().find("billing").isPresent()),
                    "a new group did not reach the slave");
            master.context.offsets().commit("billing", "payments", 1, 42);
            assertTrue(BrokerFixture.eventually(() -> slave.context.offsets().query("billing", "payments", 1).equals(OptionalLong.of(42))),
                    "a committed offset did not reach the slave");
            masterMessages.delayOffsets().advance(4, 9);
            assertTrue(BrokerFixture.eventually(() -> slaveMessages.delayOffsets().next(4) == 9), "a delay offset did not reach the slave");
        } finally {
            sync.close();
        }
    }

    @Test
    void aMasterThatDoesNotServeTheWatchIsStillSyncedEveryInterval() throws Exception {
        startMasterServer(); // answers WATCH_METADATA with REQUEST_CODE_NOT_SUPPORTED
        SlaveMetadataSync sync = sync();
        sync.start();
        try {
            Thread.sleep(300); // the watch was refused by now, and a few rounds ran
            master.context.topics().put(TopicConfig.of("orders", 4, Perm.READ | Perm.WRITE));
            assertTrue(BrokerFixture.eventually(() -> slave.context.topics().find("orders").isPresent()),
                    "the interval (100 ms) stopped syncing after the watch was refused");
        } finally {
            sync.close();
        }
    }

    @Test
    void aWatchThatLostItsMasterResumesWhenTheMasterIsBack() throws Exception {
        slowInterval();
        startMasterServerWithWatch();
        SlaveMetadataSync sync = sync();
        sync.start();
        try {
            assertTrue(BrokerFixture.eventually(() -> watchArea.watch().size() == 1), "the slave does not watch its master");
            masterServer.close(); // the held watch fails with the connection
            masterServer = null;
            master.context.topics().put(TopicConfig.of("while-away", 1, Perm.READ | Perm.WRITE));
            watchArea.close();
            startMasterServerWithWatch(); // a restarted master: new incarnation, tables already changed
            assertTrue(BrokerFixture.eventually(() -> slave.context.topics().find("while-away").isPresent()),
                    "the slave did not sync once its master was back, with a 60 s interval");
        } finally {
            sync.close();
        }
    }

    @Test
    void theMasterTheNameServersReportWinsOverTheSetting() throws Exception {
        SlaveMetadataSync sync = sync();
        assertEquals(Optional.of("127.0.0.1:" + masterPort), sync.master());
        registeredMaster.set("10.0.0.7:10911");
        assertEquals(Optional.of("10.0.0.7:10911"), sync.master());
    }
}
