package io.ballast.store;

import static io.ballast.store.StoreFixtures.message;
import static io.ballast.store.StoreFixtures.readAll;
import static io.ballast.store.StoreFixtures.small;
import static io.ballast.store.StoreFixtures.uniqueKey;
import static io.ballast.store.StoreFixtures.verify;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.spi.store.AppendResult;
import io.ballast.spi.store.StoredRecord;
import io.ballast.store.commitlog.CommitLog;
import io.ballast.store.commitlog.RecordView;
import io.ballast.store.io.MappedStoreFiles;
import io.ballast.store.io.SimulatedDisk;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store as a {@link io.ballast.spi.store.ReplicatedLog}: a slave fed a master's bytes in
 * arbitrary pieces ends byte-identical, with the same consume queues, and truncation (live,
 * clean reopen, power cut halfway) never leaves a discarded byte or entry visible.
 */
class ReplicatedLogTest {
    private static final String[] TOPICS = {"orders", "payments"};
    private static final int QUEUES = 3;

    @TempDir
    Path dir;

    /** A master holding {@code count} messages (about 1.5 KiB each: several 64 KiB segments), forced. */
    private static List<AppendResult> fill(CommitLogStore master, int count, long seed) throws Exception {
        Random random = new Random(seed);
        List<AppendResult> appended = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            appended.add(master.append(message(TOPICS[n % 2], random.nextInt(QUEUES), n, random)));
        }
        master.force();
        return appended;
    }

    /** Copies the master's bytes from the slave's end to the master's, in random pieces of 1 byte to 64 KiB. */
    private static void replicate(CommitLogStore master, CommitLogStore slave, Random random) throws Exception {
        while (slave.maxOffset() < master.maxOffset()) {
            int chunk = random.nextInt(4) == 0 ? 1 + random.nextInt(64) : 1 + random.nextInt(64 * 1024);
            ByteBuffer bytes = master.read(slave.maxOffset(), chunk);
            assertTrue(bytes.hasRemaining(), "the master has bytes below its end");
            slave.appendReplicated(slave.maxOffset(), bytes);
        }
        slave.force();
        awaitVisible(slave, master.watermarks().visible());
    }

    private static void awaitVisible(CommitLogStore store, long offset) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (store.watermarks().visible() < offset) {
            assertTrue(System.nanoTime() < deadline, "not dispatched to " + offset + " within 10 s: " + store.watermarks());
            Thread.sleep(1);
        }
    }

    /** Both logs hold the same bytes over the master's whole range. */
    private static void assertSameLog(CommitLogStore master, CommitLogStore slave) {
        assertEquals(master.maxOffset(), slave.maxOffset(), "log ends");
        for (long offset = master.minOffset(); offset < master.maxOffset(); ) {
            ByteBuffer expected = master.read(offset, 64 * 1024);
            ByteBuffer actual = slave.read(offset, expected.remaining());
            assertEquals(expected, actual, "bytes at " + offset);
            offset += expected.remaining();
        }
    }

    /** Both stores serve the same records at the same queue and physical offsets. */
    private static void assertSameQueues(CommitLogStore master, CommitLogStore slave) {
        for (String topic : TOPICS) {
            for (int queue = 0; queue < QUEUES; queue++) {
                List<StoredRecord> expected = readAll(master, topic, queue);
                List<StoredRecord> actual = readAll(slave, topic, queue);
                assertEquals(expected.size(), actual.size(), topic + "/" + queue + " size");
                for (int i = 0; i < expected.size(); i++) {
                    assertEquals(expected.get(i).queueOffset(), actual.get(i).queueOffset());
                    assertEquals(expected.get(i).physicalOffset(), actual.get(i).physicalOffset());
                    assertEquals(expected.get(i).tagCode(), actual.get(i).tagCode());
                    assertEquals(expected.get(i).bytes(), actual.get(i).bytes());
                    verify(actual.get(i));
                }
                assertEquals(master.maxQueueOffset(topic, queue), slave.maxQueueOffset(topic, queue));
            }
        }
    }

    /** Nothing the slave serves lies at or past {@code end}, and the discarded messages are not found by key. */
    private static void assertNothingFrom(CommitLogStore slave, long end, List<AppendResult> appended) {
        assertTrue(slave.maxOffset() <= end, "log ends at " + slave.maxOffset() + ", past " + end);
        for (String topic : TOPICS) {
            for (int queue = 0; queue < QUEUES; queue++) {
                for (StoredRecord record : readAll(slave, topic, queue)) {
                    assertTrue(record.physicalOffset() + record.bytes().remaining() <= end, "record at " + record.physicalOffset() + " served");
                }
            }
        }
        for (int n = 0; n < appended.size(); n++) {
            AppendResult result = appended.get(n);
            if (result.endOffset() > end) {
                assertEquals(List.of(), slave.queryByKey(TOPICS[n % 2], uniqueKey(n), 4, 0, Long.MAX_VALUE), "message " + n + " by key");
                assertTrue(slave.recordAt(result.physicalOffset()).isEmpty(), "message " + n + " by offset");
            }
        }
    }

    @Test
    void aSlaveFedRandomPiecesIsByteIdenticalWithTheSameQueues() throws Exception {
        Path masterRoot = dir.resolve("master");
        Path slaveRoot = dir.resolve("slave");
        try (CommitLogStore master = CommitLogStore.open(new MappedStoreFiles(), small(masterRoot));
             CommitLogStore slave = CommitLogStore.open(new MappedStoreFiles(), small(slaveRoot))) {
            List<AppendResult> appended = fill(master, 400, 7);
            assertTrue(master.maxOffset() > 3L * master.segmentSize(), "spans several segments");
            awaitVisible(master, master.maxOffset());
            replicate(master, slave, new Random(11));
            assertSameLog(master, slave);
            assertSameQueues(master, slave);
            int n = 123;
            assertEquals(appended.get(n).physicalOffset(),
                    slave.queryByKey(TOPICS[n % 2], uniqueKey(n), 4, 0, Long.MAX_VALUE).get(0).physicalOffset());
        }
        // The segment files themselves, up to the master's last written one, are identical.
        List<Path> masterSegments;
        try (var list = Files.list(masterRoot.resolve("commitlog"))) {
            masterSegments = list.sorted().toList();
        }
        int compared = 0;
        for (Path segment : masterSegments) {
            Path twin = slaveRoot.resolve("commitlog").resolve(segment.getFileName());
            if (Files.exists(twin)) {
                assertArrayEquals(Files.readAllBytes(segment), Files.readAllBytes(twin), segment.getFileName().toString());
                compared++;
            }
        }
        assertTrue(compared >= 4, "compared " + compared + " segment files");
    }

    @Test
    void aRecordSplitOverCallsIsDispatchedOnceWhenWholeAndNoneIsSkipped() throws Exception {
        try (CommitLogStore master = CommitLogStore.open(new MappedStoreFiles(), small(dir.resolve("master")))) {
            fill(master, 200, 3);
            List<Long> expected = new ArrayList<>();
            List<Long> recordEnds = new ArrayList<>();
            SimulatedDisk disk = new SimulatedDisk();
            CommitLog log = new CommitLog(disk, Path.of("/slave/commitlog"), master.segmentSize(), 8 * 1024, StoreFixtures.STORE_HOST);
            log.recover(0, (offset, record) -> { });
            List<Long> dispatched = new ArrayList<>();
            Dispatcher dispatcher = new Dispatcher(log, (offset, record) -> {
                dispatched.add(offset);
                assertEquals(offset, record.physicalOffset(), "a whole record, parsed at its own offset");
            }, log::writtenOffset, 0);
            for (long offset = 0; offset < master.maxOffset(); ) {
                RecordView.Check check = log.check(offset); // nothing there yet on the slave
                ByteBuffer header = master.read(offset, 8);
                if (header.getInt(4) == io.ballast.store.commitlog.MessageRecord.BLANK_MAGIC) {
                    offset = log.nextSegmentOffset(offset);
                    continue;
                }
                expected.add(offset);
                offset += header.getInt(0);
                recordEnds.add(offset);
                assertTrue(check instanceof RecordView.End);
            }
            Random random = new Random(5);
            while (log.writtenOffset() < master.maxOffset()) {
                int chunk = 1 + random.nextInt(random.nextBoolean() ? 300 : 5000);
                log.appendReplicated(log.writtenOffset(), master.read(log.writtenOffset(), chunk));
                dispatcher.dispatchUpTo(log.writtenOffset());
                // Exactly the records wholly received so far, in order, each once.
                long written = log.writtenOffset();
                long whole = recordEnds.stream().filter(end -> end <= written).count();
                assertEquals(expected.subList(0, (int) whole), dispatched, "after receiving up to " + written);
            }
            assertEquals(expected, dispatched);
            log.close();
        }
    }

    @Test
    void appendsAtAWrongOffsetOrAcrossASegmentEndAreRefused() throws Exception {
        try (CommitLogStore master = CommitLogStore.open(new MappedStoreFiles(), small(dir.resolve("master")));
             CommitLogStore slave = CommitLogStore.open(new MappedStoreFiles(), small(dir.resolve("slave")))) {
            fill(master, 100, 1);
            slave.appendReplicated(0, master.read(0, 1000));
            assertThrows(IllegalArgumentException.class, () -> slave.appendReplicated(1001, master.read(1001, 10)));
            assertThrows(IllegalArgumentException.class, () -> slave.appendReplicated(999, master.read(999, 10)));
            assertThrows(IllegalArgumentException.class, () -> slave.appendReplicated(0, master.read(0, 10)));
            assertThrows(IllegalArgumentException.class,
                    () -> slave.appendReplicated(1000, ByteBuffer.allocate(master.segmentSize())), "crosses the segment end");
            assertEquals(1000, slave.maxOffset(), "nothing refused was written");
            assertThrows(IllegalArgumentException.class, () -> master.read(master.maxOffset() + 1, 10));
            assertEquals(0, master.read(master.maxOffset(), 10).remaining());
            // Reads never cross a segment end.
            assertEquals(5, master.read(2L * master.segmentSize() - 5, 1 << 20).remaining());
            replicate(master, slave, new Random(2));
            assertSameLog(master, slave);
        }
    }

    @Test
    void anEmptySlaveMayStartAtItsMastersOldestSegment() throws Exception {
        try (CommitLogStore master = CommitLogStore.open(new MappedStoreFiles(), small(dir.resolve("master")));
             CommitLogStore slave = CommitLogStore.open(new MappedStoreFiles(), small(dir.resolve("slave")))) {
            fill(master, 200, 4);
            long start = 2L * master.segmentSize();
            slave.appendReplicated(start, master.read(start, 10_000));
            assertEquals(start, slave.minOffset());
            replicate(master, slave, new Random(3));
            for (String topic : TOPICS) {
                for (int queue = 0; queue < QUEUES; queue++) {
                    for (StoredRecord record : readAll(master, topic, queue)) {
                        if (record.physicalOffset() >= start) {
                            assertEquals(record.bytes(), slave.recordAt(record.physicalOffset()).orElseThrow().bytes());
                        }
                    }
                }
            }
        }
    }

    /** Truncation points: inside a segment at a record start, inside a record, at a segment boundary. */
    private static long[] cuts(List<AppendResult> appended, int segmentSize) {
        return new long[]{appended.get(150).physicalOffset(), appended.get(90).physicalOffset() + 37, 2L * segmentSize};
    }

    @Test
    void truncationDiscardsTheTailAndReplicationContinuesFromThere() throws Exception {
        try (CommitLogStore master = CommitLogStore.open(new MappedStoreFiles(), small(dir.resolve("master")));
             CommitLogStore slave = CommitLogStore.open(new MappedStoreFiles(), small(dir.resolve("slave")))) {
            List<AppendResult> appended = fill(master, 300, 9);
            awaitVisible(master, master.maxOffset());
            Random random = new Random(8);
            for (long cut : cuts(appended, master.segmentSize())) {
                replicate(master, slave, random);
                slave.truncate(cut);
                assertEquals(cut, slave.maxOffset());
                assertNothingFrom(slave, cut, appended);
                replicate(master, slave, random);
                assertSameLog(master, slave);
                assertSameQueues(master, slave);
            }
            assertThrows(IllegalArgumentException.class, () -> slave.truncate(slave.maxOffset() + 1));
        }
    }

    @Test
    void aTruncationSurvivesACleanReopen() throws Exception {
        Path masterRoot = dir.resolve("master");
        Path slaveRoot = dir.resolve("slave");
        try (CommitLogStore master = CommitLogStore.open(new MappedStoreFiles(), small(masterRoot))) {
            List<AppendResult> appended = fill(master, 300, 10);
            awaitVisible(master, master.maxOffset());
            for (long cut : cuts(appended, master.segmentSize())) {
                try (CommitLogStore slave = CommitLogStore.open(new MappedStoreFiles(), small(slaveRoot))) {
                    replicate(master, slave, new Random(cut));
                    slave.writeCheckpoint();
                    slave.truncate(cut);
                }
                try (CommitLogStore slave = CommitLogStore.open(new MappedStoreFiles(), small(slaveRoot))) {
                    // A cut inside a record leaves a torn record, which recovery removes like any torn tail.
                    long recordStart = appended.stream().mapToLong(AppendResult::physicalOffset).filter(o -> o <= cut).max().orElse(0);
                    assertTrue(slave.maxOffset() == cut || slave.maxOffset() == recordStart, "log ends at " + slave.maxOffset());
                    assertNothingFrom(slave, cut, appended);
                    replicate(master, slave, new Random(cut + 1));
                    assertSameLog(master, slave);
                    assertSameQueues(master, slave);
                }
            }
        }
    }

    /** A power cut after each step of a truncation: after recovery, nothing from the target on is visible. */
    @Test
    void aPowerCutDuringTruncationNeverBringsTheDiscardedTailBack() throws Exception {
        Path root = Path.of("/slave");
        try (CommitLogStore master = CommitLogStore.open(new MappedStoreFiles(), small(dir.resolve("master")))) {
            List<AppendResult> appended = fill(master, 300, 12);
            awaitVisible(master, master.maxOffset());
            String[] steps = {"recorded", "entries", "commitlog", "checkpoint", "cleared"};
            int run = 0;
            for (long cut : cuts(appended, master.segmentSize())) {
                for (String step : steps) {
                    for (int seed = 0; seed < 3; seed++, run++) {
                        SimulatedDisk disk = new SimulatedDisk();
                        Random random = new Random(run);
                        SimulatedDisk[] afterCut = new SimulatedDisk[1];
                        CommitLogStore slave = CommitLogStore.open(disk, small(root));
                        replicate(master, slave, random);
                        slave.writeCheckpoint(); // recovery would trust everything up to the end
                        slave.truncate(cut, reached -> {
                            if (reached.equals(step)) {
                                afterCut[0] = disk.crash(random);
                            }
                        });
                        slave.close(); // its later writes go to the old disk, which the cut already copied
                        try (CommitLogStore recovered = CommitLogStore.open(afterCut[0], small(root))) {
                            String where = "cut at " + cut + " after " + step + " (run " + run + ")";
                            assertTrue(recovered.maxOffset() <= cut, where + ": log ends at " + recovered.maxOffset());
                            assertNothingFrom(recovered, cut, appended);
                            replicate(master, recovered, random);
                            assertSameLog(master, recovered);
                            assertSameQueues(master, recovered);
                        }
                    }
                }
            }
        }
    }

    /**
     * A master whose retention deleted every segment but the one being written, and a slave that
     * replicated only its first {@code slaveHolds} bytes: the slave is behind the master's retention.
     */
    private static long[] behindRetention(CommitLogStore master, CommitLogStore slave, long slaveHolds) throws Exception {
        while (slave.maxOffset() < slaveHolds) {
            slave.appendReplicated(slave.maxOffset(), master.read(slave.maxOffset(), (int) Math.min(8192, slaveHolds - slave.maxOffset())));
        }
        slave.force();
        assertTrue(master.deleteExpired() > 0, "the master's retention deleted segments");
        assertTrue(slave.maxOffset() < master.minOffset(), "slave " + slave.maxOffset() + " is behind the master's min " + master.minOffset());
        return new long[]{slave.minOffset(), master.minOffset()};
    }

    /** No record below {@code masterMin} (the slave's old log) is served by queue, offset or key. */
    private static void assertNoneOfTheDiscardedLog(CommitLogStore slave, long masterMin, List<AppendResult> appended) {
        for (String topic : TOPICS) {
            for (int queue = 0; queue < QUEUES; queue++) {
                for (StoredRecord record : readAll(slave, topic, queue)) {
                    assertTrue(record.physicalOffset() >= masterMin, "discarded record at " + record.physicalOffset() + " served");
                }
            }
        }
        for (int n = 0; n < appended.size() && appended.get(n).physicalOffset() < masterMin; n++) {
            assertTrue(slave.recordAt(appended.get(n).physicalOffset()).isEmpty(), "message " + n + " by offset");
            assertEquals(List.of(), slave.queryByKey(TOPICS[n % 2], uniqueKey(n), 4, 0, Long.MAX_VALUE), "message " + n + " by key");
        }
    }

    /** A re-seeded slave ends byte-identical over the master's range and serves the records the master keeps. */
    private static void assertReseeded(CommitLogStore master, CommitLogStore slave, Random random) throws Exception {
        if (slave.maxOffset() < master.minOffset()) {
            assertEquals(slave.minOffset(), slave.maxOffset(), "a slave behind retention holds nothing before its re-seed");
            slave.appendReplicated(master.minOffset(), master.read(master.minOffset(), 1 + random.nextInt(64 * 1024)));
        }
        assertEquals(master.minOffset(), slave.minOffset(), "the slave starts at the master's oldest segment");
        replicate(master, slave, random);
        assertSameLog(master, slave);
        for (String topic : TOPICS) {
            for (int queue = 0; queue < QUEUES; queue++) {
                for (StoredRecord record : readAll(master, topic, queue)) {
                    assertEquals(record.bytes(), slave.recordAt(record.physicalOffset()).orElseThrow().bytes());
                }
            }
        }
    }

    @Test
    void aSlaveBehindItsMastersRetentionIsEmptiedByTruncationAndReseededFromTheMastersOldestSegment() throws Exception {
        Path slaveRoot = dir.resolve("slave");
        try (CommitLogStore master = CommitLogStore.open(new MappedStoreFiles(), small(dir.resolve("master")).withRetention(Duration.ZERO, 99))) {
            List<AppendResult> appended = fill(master, 300, 13);
            awaitVisible(master, master.maxOffset());
            try (CommitLogStore slave = CommitLogStore.open(new MappedStoreFiles(), small(slaveRoot))) {
                long[] offsets = behindRetention(master, slave, appended.get(60).endOffset());
                slave.writeCheckpoint();
                slave.truncate(offsets[0]);
                assertEquals(offsets[0], slave.maxOffset(), "emptied");
                assertEquals(slave.minOffset(), slave.maxOffset(), "emptied");
                assertNothingFrom(slave, offsets[0], appended);
                assertNoneOfTheDiscardedLog(slave, offsets[1], appended);
                assertThrows(IllegalArgumentException.class, () -> slave.appendReplicated(offsets[1] + 1, master.read(offsets[1] + 1, 10)),
                        "an empty log starts only at a segment boundary");
                assertReseeded(master, slave, new Random(14));
            }
            try (CommitLogStore slave = CommitLogStore.open(new MappedStoreFiles(), small(slaveRoot))) {
                assertEquals(master.minOffset(), slave.minOffset(), "the re-seeded log survives a reopen");
                assertSameLog(master, slave);
                try (var files = Files.list(slaveRoot.resolve("commitlog"))) {
                    long below = files.filter(f -> Long.parseLong(f.getFileName().toString()) < master.minOffset()).count();
                    assertEquals(0, below, "no segment of the discarded log is left on disk");
                }
            }
        }
    }

    /** A power cut after each step of the emptying truncation, and after the re-seed's first bytes: the slave still ends identical. */
    @Test
    void aPowerCutWhileReseedingLeavesAnEmptyOrReseededLogNeverTheOldBytes() throws Exception {
        Path root = Path.of("/slave");
        try (CommitLogStore master = CommitLogStore.open(new MappedStoreFiles(), small(dir.resolve("master")).withRetention(Duration.ZERO, 99))) {
            List<AppendResult> appended = fill(master, 300, 15);
            awaitVisible(master, master.maxOffset());
            long slaveHolds = appended.get(60).endOffset();
            String[] steps = {"recorded", "entries", "commitlog", "checkpoint", "cleared", "first bytes"};
            SimulatedDisk seeded = new SimulatedDisk();
            try (CommitLogStore slave = CommitLogStore.open(seeded, small(root))) {
                behindRetention(master, slave, slaveHolds);
                slave.writeCheckpoint();
            }
            int run = 0;
            for (String step : steps) {
                for (int seed = 0; seed < 3; seed++, run++) {
                    Random random = new Random(100 + run);
                    SimulatedDisk disk = seeded.crash(random);
                    SimulatedDisk[] afterCut = new SimulatedDisk[1];
                    CommitLogStore slave = CommitLogStore.open(disk, small(root));
                    assertEquals(slaveHolds, slave.maxOffset(), "the slave starts behind the master's retention");
                    long oldMin = slave.minOffset();
                    slave.truncate(oldMin, reached -> {
                        if (reached.equals(step)) {
                            afterCut[0] = disk.crash(random);
                        }
                    });
                    if (afterCut[0] == null) {
                        slave.appendReplicated(master.minOffset(), master.read(master.minOffset(), 1 + random.nextInt(64 * 1024)));
                        afterCut[0] = disk.crash(random);
                    }
                    slave.close();
                    try (CommitLogStore recovered = CommitLogStore.open(afterCut[0], small(root))) {
                        String where = "cut after " + step + " (run " + run + ")";
                        assertTrue(recovered.maxOffset() <= oldMin || recovered.minOffset() == master.minOffset(),
                                where + ": log holds [" + recovered.minOffset() + ", " + recovered.maxOffset() + ")");
                        assertNoneOfTheDiscardedLog(recovered, master.minOffset(), appended);
                        assertReseeded(master, recovered, random);
                    }
                }
            }
        }
    }
}
