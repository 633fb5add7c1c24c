package io.ballast.ha.link;

import static io.ballast.ha.link.LinkFixture.GROUP;
import static io.ballast.ha.link.LinkFixture.SEGMENT;
import static io.ballast.ha.link.LinkFixture.address;
import static io.ballast.ha.link.LinkFixture.await;
import static io.ballast.ha.link.LinkFixture.wrap;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A slave holding bytes its master never had is cut back to the common prefix (RocketMQ #10666). */
class DivergenceTest {
    private final LinkFixture fixture = new LinkFixture();

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void slaveWithAForeignTailIsTruncatedToTheCommonPrefixThenCatchesUp() throws Exception {
        assertConverges(50_000, 20_000, 120_000);
    }

    @Test
    void slaveAheadOfTheMasterIsTruncatedAndCatchesUp() throws Exception {
        assertConverges(50_000, 30_000, 60_000);
    }

    @Test
    void aForeignTailLongerThanOneRoundOfBlocksTakesSeveralRounds() throws Exception {
        assertConverges(30_000, 150_000, 200_000); // 8 blocks of 4 KiB per round: several rounds back
    }

    @Test
    void masterPicksTheEndOfTheLastMatchingBlock() {
        InMemoryReplicatedLog master = new InMemoryReplicatedLog(SEGMENT);
        byte[] common = fixture.randomBytes(10_000);
        master.append(common);
        master.append(fixture.randomBytes(5_000));
        InMemoryReplicatedLog slave = new InMemoryReplicatedLog(SEGMENT);
        slave.append(common);
        slave.append(fixture.randomBytes(3_000));

        List<LogBlock> blocks = LogBlocks.tail(slave, LinkProtocol.MAX_BLOCKS);
        ResumePoint point = ResumePoint.decide(master, slave.maxOffset(), blocks);

        // blocks [0,4096) [4096,8192) match; [8192,12288) holds 1808 common bytes and 2288 foreign ones
        assertEquals(ResumePoint.truncate(8192), point);
        assertEquals(ResumePoint.stream(8192), ResumePoint.decide(master, 8192, LogBlocks.tail(prefix(slave, 8192), 8)));
    }

    private static InMemoryReplicatedLog prefix(InMemoryReplicatedLog log, int length) {
        InMemoryReplicatedLog copy = new InMemoryReplicatedLog(SEGMENT);
        copy.append(Arrays.copyOf(log.content(), length));
        return copy;
    }

    private void assertConverges(int common, int foreign, int masterLength) throws Exception {
        byte[] masterBytes = fixture.randomBytes(masterLength);
        InMemoryReplicatedLog masterLog = new InMemoryReplicatedLog(SEGMENT);
        masterLog.append(masterBytes);
        InMemoryReplicatedLog slaveLog = new InMemoryReplicatedLog(SEGMENT);
        slaveLog.append(Arrays.copyOf(masterBytes, common));
        byte[] tail = fixture.randomBytes(foreign);
        for (int at = 0; at < tail.length; ) { // through the SPI, segment by segment, as a slave would have written it
            long offset = slaveLog.maxOffset();
            int n = (int) Math.min(tail.length - at, (offset / SEGMENT + 1) * SEGMENT - offset);
            slaveLog.appendReplicated(offset, wrap(Arrays.copyOfRange(tail, at, at + n)));
            at += n;
        }
        MasterLink master = fixture.master(masterLog);
        fixture.slave(slaveLog, GROUP, address(master));

        await("the slave converged", () -> Arrays.equals(masterLog.content(), slaveLog.content()));
        assertArrayEquals(masterBytes, slaveLog.content());
        await("the master counts it at its max", () -> ReplicationStreamTest.acked(master) == masterLength);
    }
}
