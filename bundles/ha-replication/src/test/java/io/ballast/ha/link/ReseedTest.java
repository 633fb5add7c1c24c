package io.ballast.ha.link;

import static io.ballast.ha.link.LinkFixture.GROUP;
import static io.ballast.ha.link.LinkFixture.SEGMENT;
import static io.ballast.ha.link.LinkFixture.address;
import static io.ballast.ha.link.LinkFixture.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.channels.Pipe;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A slave that fell behind its master's retention is emptied and fed again from the master's earliest retained offset. */
class ReseedTest {
    private final LinkFixture fixture = new LinkFixture();

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void aSlaveBehindTheMastersRetentionIsReseededFromTheMastersEarliestOffset() throws Exception {
        byte[] masterBytes = fixture.randomBytes(330_000);
        InMemoryReplicatedLog masterLog = new InMemoryReplicatedLog(SEGMENT);
        masterLog.append(masterBytes);
        InMemoryReplicatedLog slaveLog = new InMemoryReplicatedLog(SEGMENT);
        slaveLog.append(Arrays.copyOf(masterBytes, 50_000)); // replicated once, then the slave was away
        masterLog.retainFrom(2L * SEGMENT); // a segment start, as retention deletes whole segments

        MasterLink master = fixture.master(masterLog);
        fixture.slave(slaveLog, GROUP, address(master));

        await("the slave was re-seeded and caught up", () -> slaveLog.maxOffset() == masterLog.maxOffset());
        assertEquals(2L * SEGMENT, slaveLog.minOffset(), "the slave starts at the master's earliest retained offset");
        assertArrayEquals(masterLog.content(), slaveLog.content());
        await("the master counts it at its max", () -> ReplicationStreamTest.acked(master) == masterLog.maxOffset());
    }

    @Test
    void theMasterAnswersRESEEDOnlyToASlaveWhollyBelowItsRetention() {
        byte[] masterBytes = fixture.randomBytes(330_000);
        InMemoryReplicatedLog master = new InMemoryReplicatedLog(SEGMENT);
        master.append(masterBytes);
        master.retainFrom(2L * SEGMENT);

        InMemoryReplicatedLog behind = new InMemoryReplicatedLog(SEGMENT);
        behind.append(Arrays.copyOf(masterBytes, 150_000));
        assertEquals(ResumePoint.reseed(2L * SEGMENT),
                ResumePoint.decide(master, behind.maxOffset(), LogBlocks.tail(behind, LinkProtocol.MAX_BLOCKS)));

        InMemoryReplicatedLog reaching = new InMemoryReplicatedLog(SEGMENT);
        reaching.append(Arrays.copyOf(masterBytes, 210_000)); // its tail lies above the master's min
        assertEquals(ResumePoint.stream(210_000),
                ResumePoint.decide(master, reaching.maxOffset(), LogBlocks.tail(reaching, LinkProtocol.MAX_BLOCKS)));

        // Emptied (by the re-seed or from new), it is streamed from the master's earliest offset.
        assertEquals(ResumePoint.stream(2L * SEGMENT), ResumePoint.decide(master, 0, List.of()));
    }

    @Test
    void aReseedVerdictCrossesTheWireIntact() throws Exception {
        Pipe pipe = Pipe.open();
        try (Pipe.SinkChannel sink = pipe.sink(); Pipe.SourceChannel source = pipe.source()) {
            LinkProtocol.writeFully(sink, LinkProtocol.verdict(ResumePoint.reseed(1L << 33)));
            assertEquals(ResumePoint.reseed(1L << 33), LinkProtocol.readVerdict(source));
        }
    }
}
