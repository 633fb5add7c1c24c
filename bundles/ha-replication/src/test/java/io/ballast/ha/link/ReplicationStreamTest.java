package io.ballast.ha.link;

import static io.ballast.ha.link.LinkFixture.GROUP;
import static io.ballast.ha.link.LinkFixture.SEGMENT;
import static io.ballast.ha.link.LinkFixture.address;
import static io.ballast.ha.link.LinkFixture.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.ha.ReplicaProgress.Replica;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplicationStreamTest {
    private final LinkFixture fixture = new LinkFixture();

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void emptySlaveCatchesUpByteIdenticalFromOffsetZero() throws Exception {
        InMemoryReplicatedLog masterLog = new InMemoryReplicatedLog(SEGMENT);
        masterLog.append(fixture.randomBytes(350_000)); // several segments and many 32 KiB batches
        MasterLink master = fixture.master(masterLog);
        InMemoryReplicatedLog slaveLog = new InMemoryReplicatedLog(SEGMENT);
        fixture.slave(slaveLog, GROUP, address(master));

        await("the slave holds every byte", () -> slaveLog.maxOffset() == masterLog.maxOffset());
        assertArrayEquals(masterLog.content(), slaveLog.content());
        assertEquals(0, slaveLog.minOffset());
    }

    @Test
    void emptySlaveStartsFromTheMastersEarliestRetainedOffset() throws Exception {
        InMemoryReplicatedLog masterLog = new InMemoryReplicatedLog(SEGMENT);
        masterLog.append(fixture.randomBytes(330_000));
        masterLog.retainFrom(200_000);
        MasterLink master = fixture.master(masterLog);
        InMemoryReplicatedLog slaveLog = new InMemoryReplicatedLog(SEGMENT);
        fixture.slave(slaveLog, GROUP, address(master));

        await("the slave holds every retained byte", () -> slaveLog.maxOffset() == masterLog.maxOffset());
        assertEquals(200_000, slaveLog.minOffset());
        assertArrayEquals(masterLog.content(), slaveLog.content());
    }

    @Test
    void slaveStaysByteIdenticalWhileTheMasterKeepsAppending() throws Exception {
        InMemoryReplicatedLog masterLog = new InMemoryReplicatedLog(SEGMENT);
        masterLog.append(fixture.randomBytes(10_000));
        MasterLink master = fixture.master(masterLog);
        InMemoryReplicatedLog slaveLog = new InMemoryReplicatedLog(SEGMENT);
        fixture.slave(slaveLog, GROUP, address(master));

        for (int i = 0; i < 200; i++) {
            masterLog.append(fixture.randomBytes(1 + fixture.random.nextInt(5_000)));
            if (i % 20 == 0) {
                Thread.sleep(5);
            }
        }
        await("the slave caught up", () -> slaveLog.maxOffset() == masterLog.maxOffset());
        assertArrayEquals(masterLog.content(), slaveLog.content());
    }

    @Test
    void reportsAdvanceReplicaProgressAndNotifyListeners() throws Exception {
        InMemoryReplicatedLog masterLog = new InMemoryReplicatedLog(SEGMENT);
        MasterLink master = fixture.master(masterLog);
        AtomicInteger changes = new AtomicInteger();
        master.onChange(changes::incrementAndGet);
        InMemoryReplicatedLog slaveLog = new InMemoryReplicatedLog(SEGMENT);
        fixture.slave(slaveLog, GROUP, address(master));
        await("the slave is listed", () -> master.replicas().size() == 1);

        masterLog.append(fixture.randomBytes(70_000));
        await("the slave acknowledged 70000", () -> acked(master) == 70_000);
        Replica replica = master.replicas().get(0);
        assertEquals(1, replica.brokerId());
        assertTrue(replica.address().startsWith("127.0.0.1:"), replica.address());
        assertTrue(changes.get() >= 3, "a change per report: connect + at least 3 chunks, saw " + changes.get());

        int before = changes.get();
        masterLog.append(fixture.randomBytes(10));
        await("the slave acknowledged 70010", () -> acked(master) == 70_010);
        assertTrue(changes.get() > before);
    }

    @Test
    void slaveReconnectsAndCatchesUpAfterTheMasterClosedTheConnection() throws Exception {
        InMemoryReplicatedLog masterLog = new InMemoryReplicatedLog(SEGMENT);
        masterLog.append(fixture.randomBytes(40_000));
        MasterLink first = fixture.master(masterLog);
        int port = address(first).getPort();
        InMemoryReplicatedLog slaveLog = new InMemoryReplicatedLog(SEGMENT);
        SlaveLink slave = fixture.slave(slaveLog, GROUP, address(first));
        await("first catch-up", () -> slaveLog.maxOffset() == 40_000);

        first.close();
        masterLog.append(fixture.randomBytes(60_000));
        MasterLink second = fixture.master(masterLog, port);

        await("the slave is back and caught up", () -> slaveLog.maxOffset() == masterLog.maxOffset());
        assertArrayEquals(masterLog.content(), slaveLog.content());
        assertTrue(slave.streamsStarted() >= 2);
        await("the new master lists it", () -> acked(second) == 100_000);
    }

    static long acked(MasterLink master) {
        List<Replica> replicas = master.replicas();
        return replicas.isEmpty() ? -1 : replicas.get(0).ackedOffset();
    }
}
