package io.ballast.store.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SimulatedDiskTest {

    private static final int PAGE = SimulatedDisk.PAGE_SIZE;
    private static final Path FILE = Path.of("store", "commitlog", "00000000000000000000");

    private static ByteBuffer filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return ByteBuffer.wrap(bytes);
    }

    private static byte[] page(byte[] content, int page) {
        return Arrays.copyOfRange(content, page * PAGE, (page + 1) * PAGE);
    }

    private static boolean allEqual(byte[] bytes, int value) {
        for (byte b : bytes) {
            if (b != (byte) value) {
                return false;
            }
        }
        return true;
    }

    @Test
    void forcedBytesAlwaysSurviveACrash() throws IOException {
        for (int seed = 0; seed < 200; seed++) {
            SimulatedDisk disk = new SimulatedDisk();
            StoreFile file = disk.open(FILE, 4 * PAGE);
            file.write(0, filled(PAGE + 100, 7));
            file.force();
            file.write(PAGE + 100, filled(2 * PAGE, 9)); // dirties pages 1 and 2 after the force

            byte[] after = disk.crash(new Random(seed)).device(FILE);

            for (int i = 0; i < PAGE + 100; i++) {
                assertEquals(7, after[i], "seed " + seed + " byte " + i);
            }
        }
    }

    @Test
    void anUnforcedPageIsSometimesKeptAndSometimesLost() throws IOException {
        boolean kept = false;
        boolean lost = false;
        for (int seed = 0; seed < 100; seed++) {
            SimulatedDisk disk = new SimulatedDisk();
            disk.open(FILE, 2 * PAGE).write(PAGE, filled(PAGE, 5));
            byte[] survived = page(disk.crash(new Random(seed)).device(FILE), 1);
            kept |= allEqual(survived, 5);
            lost |= allEqual(survived, 0);
        }
        assertTrue(kept, "no seed kept the unforced page");
        assertTrue(lost, "no seed lost the unforced page");
    }

    @Test
    void tornPagesOccur() throws IOException {
        int torn = 0;
        for (int seed = 0; seed < 200; seed++) {
            SimulatedDisk disk = new SimulatedDisk();
            disk.open(FILE, PAGE).write(0, filled(PAGE, 3));
            byte[] survived = disk.crash(new Random(seed)).device(FILE);
            if (!allEqual(survived, 3) && !allEqual(survived, 0)) {
                torn++;
                for (byte b : survived) {
                    assertTrue(b == 0 || b == 3, "a torn page holds only old or new bytes");
                }
            }
        }
        assertTrue(torn > 0, "no seed tore the page");
    }

    @Test
    void slicesSeeLaterWrites() throws IOException {
        StoreFile file = new SimulatedDisk().open(FILE, PAGE);
        ByteBuffer view = file.slice(100, 8);
        file.write(100, ByteBuffer.allocate(8).putLong(0, 42L));
        assertEquals(42L, view.getLong(0));
        assertTrue(view.isReadOnly());
    }

    @Test
    void afterACrashThePageCacheEqualsTheDeviceAndNothingIsDirty() throws IOException {
        SimulatedDisk disk = new SimulatedDisk();
        StoreFile file = disk.open(FILE, 8 * PAGE);
        file.write(0, filled(3 * PAGE, 1));
        file.force();
        file.write(2 * PAGE + 10, filled(4 * PAGE, 2));
        for (int seed = 0; seed < 20; seed++) {
            SimulatedDisk after = disk.crash(new Random(seed));
            assertArrayEquals(after.device(FILE), after.pageCache(FILE));
            assertEquals(List.of(), after.dirtyPages(FILE));
            assertArrayEquals(after.pageCache(FILE), bytes(after.open(FILE, 8 * PAGE).slice(0, 8 * PAGE)));
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    @Test
    void aCrashIsTheSameForTheSameSeed() throws IOException {
        SimulatedDisk disk = new SimulatedDisk();
        StoreFile file = disk.open(FILE, 16 * PAGE);
        for (int page = 0; page < 16; page++) {
            file.write(page * PAGE, filled(PAGE, page + 1));
        }
        assertArrayEquals(disk.crash(new Random(11)).device(FILE), disk.crash(new Random(11)).device(FILE));
    }

    @Test
    void theCrashedDiskIsIndependentOfTheOriginal() throws IOException {
        SimulatedDisk disk = new SimulatedDisk();
        StoreFile file = disk.open(FILE, PAGE);
        file.write(0, filled(PAGE, 1));
        file.force();
        SimulatedDisk after = disk.crash(new Random(1));
        file.write(0, filled(PAGE, 2));
        assertEquals(1, after.pageCache(FILE)[0]);
    }

    @Test
    void aFailedForceDropsTheDirtyPagesAsLinuxDoes() throws IOException {
        SimulatedDisk disk = new SimulatedDisk().failForcesAfter(1);
        StoreFile file = disk.open(FILE, PAGE);
        file.write(0, filled(10, 1));
        file.force();
        file.write(0, filled(10, 2));

        assertThrows(IOException.class, file::force);
        disk.failForces(path -> false);
        file.force(); // succeeds, but the page was marked clean by the failure

        assertEquals(1, disk.device(FILE)[0]);
        assertEquals(2, disk.pageCache(FILE)[0]);
        assertEquals(1, disk.crash(new Random(0)).device(FILE)[0]);
    }

    @Test
    void failForcesSeesThePathOfTheFileForced() throws IOException {
        Path other = Path.of("store", "checkpoint");
        SimulatedDisk disk = new SimulatedDisk().failForces(FILE::equals);
        disk.open(other, PAGE).force();
        assertThrows(IOException.class, () -> disk.open(FILE, PAGE).force());
    }

    @Test
    void createdFilesSurviveACrashAndDeletedFilesStayDeleted() throws IOException {
        SimulatedDisk disk = new SimulatedDisk();
        Path deleted = FILE.resolveSibling("00000000001073741824");
        disk.open(FILE, PAGE);
        disk.open(deleted, PAGE);
        disk.delete(deleted);

        SimulatedDisk after = disk.crash(new Random(3));

        assertTrue(after.exists(FILE));
        assertFalse(after.exists(deleted));
        assertEquals(PAGE, after.open(FILE, PAGE).size());
    }

    @Test
    void listsFilesAndDirectoriesByName() throws IOException {
        SimulatedDisk disk = new SimulatedDisk();
        Path root = Path.of("store");
        disk.open(root.resolve("consumequeue/b/0/00000000000000000000"), 16);
        disk.open(root.resolve("consumequeue/a/0/00000000000000000000"), 16);
        disk.open(root.resolve("checkpoint"), 16);
        disk.open(root.resolve("abort"), 16);

        assertEquals(List.of(root.resolve("abort"), root.resolve("checkpoint")), disk.list(root));
        assertEquals(List.of(root.resolve("consumequeue")), disk.directories(root));
        assertEquals(List.of(root.resolve("consumequeue/a"), root.resolve("consumequeue/b")),
                disk.directories(root.resolve("consumequeue")));
        assertEquals(List.of(), disk.list(Path.of("nowhere")));
        assertTrue(disk.exists(root.resolve("consumequeue/a")));
        assertThrows(IOException.class, () -> disk.delete(root.resolve("consumequeue")));
    }

    @Test
    void spaceQueriesFollowTheCapacity() throws IOException {
        SimulatedDisk disk = new SimulatedDisk().capacity(10 * PAGE);
        disk.open(FILE, 4 * PAGE);
        assertEquals(10L * PAGE, disk.totalSpace(FILE));
        assertEquals(6L * PAGE, disk.usableSpace(FILE));
        disk.capacity(3 * PAGE);
        assertEquals(0, disk.usableSpace(FILE));
    }

    @Test
    void reopeningAFileSharesItsContent() throws IOException {
        SimulatedDisk disk = new SimulatedDisk();
        disk.open(FILE, PAGE).write(7, filled(1, 9));
        assertEquals(9, disk.open(FILE, PAGE).slice(7, 1).get(0));
    }
}
