package io.ballast.store.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.store.io.DiskKind;
import io.ballast.store.io.SimulatedDisk;
import io.ballast.store.io.StoreFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IndexFileTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long ALL_TIME = Long.MAX_VALUE;

    @TempDir
    Path dir;

    private Path path() {
        return dir.resolve("index").resolve("20240501093000123");
    }

    private IndexFile open(StoreFiles files, int slots, int entries) throws IOException {
        return IndexFile.open(files, path(), slots, entries);
    }

    @ParameterizedTest
    @EnumSource(DiskKind.class)
    void keysComeBackNewestFirst(DiskKind kind) throws IOException {
        IndexFile index = open(kind.create(dir), 7, 16);
        index.put("t#a", 0, T0);
        index.put("t#b", 100, T0);
        index.put("t#a", 200, T0 + 1000);
        index.put("t#a", 300, T0 + 2000);

        assertEquals(List.of(300L, 200L, 0L), index.candidates("t#a", 0, ALL_TIME, 10));
        assertEquals(List.of(100L), index.candidates("t#b", 0, ALL_TIME, 10));
        assertEquals(List.of(), index.candidates("t#c", 0, ALL_TIME, 10));
        assertEquals(List.of(300L, 200L), index.candidates("t#a", 0, ALL_TIME, 2));
    }

    @ParameterizedTest
    @EnumSource(DiskKind.class)
    void collidingKeysBothComeBackAsCandidates(DiskKind kind) throws IOException {
        assertEquals("t#Aa".hashCode(), "t#BB".hashCode());
        IndexFile index = open(kind.create(dir), 7, 16);
        index.put("t#Aa", 10, T0);
        index.put("t#BB", 20, T0);

        assertEquals(List.of(20L, 10L), index.candidates("t#Aa", 0, ALL_TIME, 10));
        assertEquals(List.of(20L, 10L), index.candidates("t#BB", 0, ALL_TIME, 10));
    }

    @ParameterizedTest
    @EnumSource(DiskKind.class)
    void keysSharingASlotWithOtherHashesAreFilteredOut(DiskKind kind) throws IOException {
        IndexFile index = open(kind.create(dir), 1, 16); // one slot: every key chains together
        index.put("t#a", 10, T0);
        index.put("t#b", 20, T0);
        index.put("t#c", 30, T0);

        assertEquals(List.of(20L), index.candidates("t#b", 0, ALL_TIME, 10));
        assertEquals(1, index.usedSlots());
    }

    @ParameterizedTest
    @EnumSource(DiskKind.class)
    void aFullFileRefusesPuts(DiskKind kind) throws IOException {
        IndexFile index = open(kind.create(dir), 7, 4); // entry 0 is unused: room for 3
        assertTrue(index.put("t#a", 0, T0));
        assertTrue(index.put("t#b", 1, T0));
        assertFalse(index.isFull());
        assertTrue(index.put("t#c", 2, T0));
        assertTrue(index.isFull());
        assertFalse(index.put("t#d", 3, T0));
        assertEquals(List.of(), index.candidates("t#d", 0, ALL_TIME, 10));
        assertEquals(3, index.entries());
    }

    @ParameterizedTest
    @EnumSource(DiskKind.class)
    void theFileIsLaidOutAsRocketMqs(DiskKind kind) throws IOException {
        StoreFiles files = kind.create(dir);
        int slots = 11;
        IndexFile index = open(files, slots, 8);
        index.put("t#k", 4096, T0);
        index.put("t#k", 8192, T0 + 3_500);

        ByteBuffer bytes = files.open(path(), IndexFile.fileSize(slots, 8)).slice(0, IndexFile.fileSize(slots, 8));
        assertEquals(40 + slots * 4 + 8 * 20, bytes.capacity());
        assertEquals(T0, bytes.getLong(0));
        assertEquals(T0 + 3_500, bytes.getLong(8));
        assertEquals(4096, bytes.getLong(16));
        assertEquals(8192, bytes.getLong(24));
        assertEquals(1, bytes.getInt(32), "hashSlotCount");
        assertEquals(3, bytes.getInt(36), "indexCount");
        int hash = Math.abs("t#k".hashCode());
        assertEquals(2, bytes.getInt(40 + (hash % slots) * 4));
        int second = 40 + slots * 4 + 2 * 20;
        assertEquals(hash, bytes.getInt(second));
        assertEquals(8192, bytes.getLong(second + 4));
        assertEquals(3, bytes.getInt(second + 12), "whole seconds since beginTimestamp");
        assertEquals(1, bytes.getInt(second + 16), "previous entry");
        assertEquals(0, bytes.getInt(40 + slots * 4 + 20 + 16), "the first entry ends its chain");
    }

    @ParameterizedTest
    @EnumSource(DiskKind.class)
    void indexEntriesSurviveReopen(DiskKind kind) throws IOException {
        StoreFiles files = kind.create(dir);
        IndexFile index = open(files, 7, 16);
        index.put("t#a", 0, T0);
        index.put("t#a", 64, T0 + 5000);
        index.force();
        index.close();

        IndexFile reopened = open(files, 7, 16);
        assertEquals(List.of(64L, 0L), reopened.candidates("t#a", 0, ALL_TIME, 10));
        assertEquals(2, reopened.entries());
        assertEquals(T0, reopened.beginTimestamp());
        assertEquals(T0 + 5000, reopened.endTimestamp());
        assertEquals(0, reopened.beginPhysicalOffset());
        assertEquals(64, reopened.endPhysicalOffset());
        reopened.put("t#a", 128, T0 + 6000);
        assertEquals(List.of(128L, 64L, 0L), reopened.candidates("t#a", 0, ALL_TIME, 10));
    }

    @Test
    void timesAreFilteredToTheWholeSecond() throws IOException {
        IndexFile index = open(new SimulatedDisk(), 7, 16);
        index.put("t#a", 0, T0);
        index.put("t#a", 100, T0 + 5_900); // filed as T0 + 5 s

        assertEquals(List.of(100L), index.candidates("t#a", T0 + 5_000, T0 + 5_000, 10));
        assertEquals(List.of(0L), index.candidates("t#a", T0, T0 + 4_999, 10));
        assertEquals(List.of(), index.candidates("t#a", T0 + 5_001, ALL_TIME, 10));
        assertTrue(index.overlaps(T0 + 5_900, ALL_TIME));
        assertFalse(index.overlaps(T0 + 5_901, ALL_TIME));
    }

    @ParameterizedTest
    @EnumSource(DiskKind.class)
    void recoverDropsEntriesAtOrPastTheOffsetAndRestoresTheChains(DiskKind kind) throws IOException {
        IndexFile index = open(kind.create(dir), 3, 16);
        index.put("t#a", 0, T0);
        index.put("t#b", 100, T0);
        index.put("t#a", 200, T0);
        index.put("t#b", 300, T0);
        index.put("t#c", 300, T0);

        assertEquals(3, index.recover(200));

        assertEquals(List.of(0L), index.candidates("t#a", 0, ALL_TIME, 10));
        assertEquals(List.of(100L), index.candidates("t#b", 0, ALL_TIME, 10));
        assertEquals(List.of(), index.candidates("t#c", 0, ALL_TIME, 10));
        assertEquals(2, index.entries());
        assertEquals(100, index.endPhysicalOffset());
        index.put("t#a", 250, T0);
        assertEquals(List.of(250L, 0L), index.candidates("t#a", 0, ALL_TIME, 10));
    }

    /**
     * A dropped entry left in place could be linked back in by a later recovery, if a second crash
     * kept a newer header but lost the entry page that overwrote it.
     */
    @Test
    void recoverZeroesTheDroppedEntries() throws IOException {
        SimulatedDisk disk = new SimulatedDisk();
        IndexFile index = open(disk, 3, 16);
        for (int record = 0; record < 6; record++) {
            index.put("t#a", 100L * record, T0);
        }
        index.recover(200);

        byte[] bytes = disk.pageCache(path());
        int firstDropped = 40 + 3 * 4 + 3 * 20;
        for (int i = firstDropped; i < bytes.length; i++) {
            assertEquals(0, bytes[i], "byte " + i);
        }
        assertEquals(100L, ByteBuffer.wrap(bytes).getLong(firstDropped - 20 + 4));
    }

    @Test
    void recoverToBeforeTheFirstEntryEmptiesTheFile() throws IOException {
        IndexFile index = open(new SimulatedDisk(), 3, 16);
        index.put("t#a", 500, T0);
        assertEquals(1, index.recover(500));
        assertTrue(index.isEmpty());
        assertEquals(0, index.beginTimestamp());
        index.put("t#a", 400, T0 + 9000);
        assertEquals(T0 + 9000, index.beginTimestamp());
        assertEquals(List.of(400L), index.candidates("t#a", 0, ALL_TIME, 10));
    }

    /**
     * The dispatcher's view: entries below {@code forcedOffset} were forced, later ones were not when
     * the power failed. After recovery and dispatching the lost records again, every key must come
     * back exactly once per record.
     */
    @Test
    void recoveryAfterAPowerCutKeepsForcedEntriesAndTakesTheRestAgainOnce() throws IOException {
        int slots = 13;
        int entries = 1200; // spans several pages, so pages can be lost independently
        for (int seed = 0; seed < 60; seed++) {
            Random random = new Random(seed);
            SimulatedDisk disk = new SimulatedDisk();
            IndexFile index = IndexFile.open(disk, path(), slots, entries);
            int forcedRecords = 100 + random.nextInt(400);
            int records = forcedRecords + 1 + random.nextInt(500);
            for (int record = 0; record < forcedRecords; record++) {
                putRecord(index, record);
            }
            index.force();
            for (int record = forcedRecords; record < records; record++) {
                putRecord(index, record);
            }

            IndexFile recovered = IndexFile.open(disk.crash(random), path(), slots, entries);
            recovered.recover(offset(forcedRecords));
            for (int record = forcedRecords; record < records; record++) {
                putRecord(recovered, record);
            }

            Map<String, List<Long>> expected = new HashMap<>();
            for (int record = records - 1; record >= 0; record--) {
                expected.computeIfAbsent(key(record), k -> new ArrayList<>()).add(offset(record));
            }
            for (Map.Entry<String, List<Long>> key : expected.entrySet()) {
                assertEquals(key.getValue(), recovered.candidates(key.getKey(), 0, ALL_TIME, 10_000),
                        "seed " + seed + " key " + key.getKey());
            }
        }
    }

    private static void putRecord(IndexFile index, int record) {
        assertTrue(index.put(key(record), offset(record), T0 + record));
    }

    private static String key(int record) {
        return "t#k" + record % 37;
    }

    private static long offset(int record) {
        return 1000L * record;
    }
}
