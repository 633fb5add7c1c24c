package io.ballast.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.store.io.DiskKind;
import io.ballast.store.io.SimulatedDisk;
import io.ballast.store.io.StoreFile;
import io.ballast.store.io.StoreFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CheckpointTest {

    @TempDir
    Path dir;

    private Path path() {
        return dir.resolve("store").resolve("checkpoint");
    }

    /** Sets every field to {@code base + i}, so two checkpoints differ in every field. */
    private static void fill(Checkpoint checkpoint, long base) {
        checkpoint.physicMsgTimestamp(base);
        checkpoint.logicsMsgTimestamp(base + 1);
        checkpoint.indexMsgTimestamp(base + 2);
        checkpoint.masterFlushedOffset(base + 3);
        checkpoint.confirmPhyOffset(base + 4);
        checkpoint.commitLogForcedOffset(base + 5);
        checkpoint.dispatchedForcedOffset(base + 6);
    }

    private static List<Long> fields(Checkpoint checkpoint) {
        return List.of(checkpoint.physicMsgTimestamp(), checkpoint.logicsMsgTimestamp(),
                checkpoint.indexMsgTimestamp(), checkpoint.masterFlushedOffset(), checkpoint.confirmPhyOffset(),
                checkpoint.commitLogForcedOffset(), checkpoint.dispatchedForcedOffset());
    }

    private static List<Long> expected(long base) {
        return List.of(base, base + 1, base + 2, base + 3, base + 4, base + 5, base + 6);
    }

    private static final List<Long> ZERO = List.of(0L, 0L, 0L, 0L, 0L, 0L, 0L);

    /** Fields base 1000 durable in slot A, then base 2000 in slot B. */
    private void persistTwoCheckpoints(StoreFiles files) throws IOException {
        Checkpoint checkpoint = Checkpoint.open(files, path());
        fill(checkpoint, 1000);
        checkpoint.persist();
        fill(checkpoint, 2000);
        checkpoint.persist();
        checkpoint.close();
    }

    private void corrupt(StoreFiles files, int position) throws IOException {
        StoreFile file = files.open(path(), Checkpoint.FILE_SIZE);
        byte old = file.slice(position, 1).get(0);
        file.write(position, ByteBuffer.wrap(new byte[] {(byte) (old ^ 0x40)}));
        file.force();
    }

    @ParameterizedTest
    @EnumSource(DiskKind.class)
    void aNewCheckpointReadsAllZeroAndIs4KiB(DiskKind kind) throws IOException {
        StoreFiles files = kind.create(dir);
        Checkpoint checkpoint = Checkpoint.open(files, path());
        assertEquals(ZERO, fields(checkpoint));
        assertEquals(0, checkpoint.sequence());
        long size = files instanceof SimulatedDisk disk ? disk.device(path()).length : Files.size(path());
        assertEquals(4096, size);
    }

    @ParameterizedTest
    @EnumSource(DiskKind.class)
    void fieldsSurviveReopen(DiskKind kind) throws IOException {
        StoreFiles files = kind.create(dir);
        persistTwoCheckpoints(files);

        Checkpoint reopened = Checkpoint.open(files, path());
        assertEquals(expected(2000), fields(reopened));
        assertEquals(2, reopened.sequence());
    }

    @ParameterizedTest
    @EnumSource(DiskKind.class)
    void rocketMqReadsItsFiveLongsAtTheStartOfTheFile(DiskKind kind) throws IOException {
        StoreFiles files = kind.create(dir);
        Checkpoint checkpoint = Checkpoint.open(files, path());
        fill(checkpoint, 7000);
        checkpoint.persist();

        ByteBuffer bytes = files.open(path(), Checkpoint.FILE_SIZE).slice(0, 56);
        for (int i = 0; i < 7; i++) {
            assertEquals(7000 + i, bytes.getLong(i * 8), "field at byte " + i * 8);
        }
    }

    @ParameterizedTest
    @EnumSource(DiskKind.class)
    void aCheckpointTornInOneSlotReadsTheOtherSlot(DiskKind kind) throws IOException {
        StoreFiles files = kind.create(dir);
        persistTwoCheckpoints(files);

        corrupt(files, Checkpoint.SLOT_SIZE + 45); // slot B, inside commitLogForcedOffset
        assertEquals(expected(1000), fields(Checkpoint.open(files, path())));

        corrupt(files, Checkpoint.SLOT_SIZE + 45);
        corrupt(files, 3); // slot A
        assertEquals(expected(2000), fields(Checkpoint.open(files, path())));
    }

    @ParameterizedTest
    @EnumSource(DiskKind.class)
    void aCheckpointWithBothSlotsDamagedReadsAllZero(DiskKind kind) throws IOException {
        StoreFiles files = kind.create(dir);
        persistTwoCheckpoints(files);

        corrupt(files, 70); // slot A's CRC
        corrupt(files, Checkpoint.SLOT_SIZE + 8);

        Checkpoint reopened = Checkpoint.open(files, path());
        assertEquals(ZERO, fields(reopened));
        assertEquals(0, reopened.sequence());
    }

    @ParameterizedTest
    @EnumSource(DiskKind.class)
    void writesBeforeAForceReuseTheSlotThatIsNotDurable(DiskKind kind) throws IOException {
        StoreFiles files = kind.create(dir);
        Checkpoint checkpoint = Checkpoint.open(files, path());
        fill(checkpoint, 1000);
        checkpoint.persist();
        fill(checkpoint, 2000);
        checkpoint.write();
        fill(checkpoint, 3000);
        checkpoint.write();

        ByteBuffer slotA = files.open(path(), Checkpoint.FILE_SIZE).slice(0, Checkpoint.SLOT_SIZE);
        assertEquals(1000, slotA.getLong(0), "the durable slot was overwritten");

        checkpoint.force();
        assertEquals(expected(3000), fields(Checkpoint.open(files, path())));
        assertEquals(2, Checkpoint.open(files, path()).sequence());
    }

    @Test
    void aPowerCutDuringACheckpointWriteLeavesTheOldOrTheNewCheckpointWhole() throws IOException {
        boolean sawOld = false;
        boolean sawNew = false;
        for (int seed = 0; seed < 300; seed++) {
            SimulatedDisk disk = new SimulatedDisk();
            Checkpoint checkpoint = Checkpoint.open(disk, path());
            for (int i = 1; i <= seed % 3 + 1; i++) { // the durable one in A or in B
                fill(checkpoint, 1000 * i);
                checkpoint.persist();
            }
            List<Long> old = fields(checkpoint);
            fill(checkpoint, 9000);
            checkpoint.write(); // the power fails before or during the force

            List<Long> read = fields(Checkpoint.open(disk.crash(new Random(seed)), path()));

            assertTrue(read.equals(old) || read.equals(expected(9000)), "seed " + seed + " read " + read);
            sawOld |= read.equals(old);
            sawNew |= read.equals(expected(9000));
        }
        assertTrue(sawOld && sawNew, "the crashes did not cover both outcomes");
    }

    @Test
    void aFailedForceLeavesTheOlderCheckpointDurable() throws IOException {
        SimulatedDisk disk = new SimulatedDisk();
        Checkpoint checkpoint = Checkpoint.open(disk, path());
        fill(checkpoint, 1000);
        checkpoint.persist();
        disk.failForcesAfter(0);
        fill(checkpoint, 2000);
        assertThrows(IOException.class, checkpoint::persist);

        assertEquals(expected(1000), fields(Checkpoint.open(disk.crash(new Random(1)), path())));

        disk.failForces(path -> false);
        fill(checkpoint, 3000);
        checkpoint.persist();
        Checkpoint afterCrash = Checkpoint.open(disk.crash(new Random(1)), path());
        assertEquals(expected(3000), fields(afterCrash));
        assertEquals(2, afterCrash.sequence());
    }
}
