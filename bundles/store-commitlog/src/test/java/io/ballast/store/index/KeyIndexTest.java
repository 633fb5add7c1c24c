package io.ballast.store.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.store.io.DiskKind;
import io.ballast.store.io.SimulatedDisk;
import io.ballast.store.io.StoreFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyIndexTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long ALL_TIME = Long.MAX_VALUE;
    /** A clock that never moves: file names must still come out distinct and ordered. */
    private static final Clock STOPPED = Clock.fixed(Instant.parse("2024-05-01T09:30:00.123Z"), ZoneOffset.UTC);
    private static final int PER_FILE = 4;

    @TempDir
    Path dir;

    private Path root() {
        return dir.resolve("store");
    }

    private KeyIndex open(StoreFiles files) throws IOException {
        return KeyIndex.open(files, root(), 5, PER_FILE + 1, STOPPED);
    }

    @ParameterizedTest
    @EnumSource(DiskKind.class)
    void lookupFindsEveryKeyPutAcrossFullFiles(DiskKind kind) throws IOException {
        KeyIndex index = open(kind.create(dir));
        for (int record = 0; record < 20; record++) {
            index.put("t", "k" + record, 100L * record, T0 + record);
        }

        assertEquals(5, index.files().size());
        for (int record = 0; record < 20; record++) {
            assertEquals(List.of(100L * record), index.query("t", "k" + record, 10, 0, ALL_TIME), "k" + record);
        }
        assertEquals(List.of(), index.query("other", "k1", 10, 0, ALL_TIME));
    }

    @ParameterizedTest
    @EnumSource(DiskKind.class)
    void aQueryReturnsTheNewestFirstAcrossFilesUpToMax(DiskKind kind) throws IOException {
        KeyIndex index = open(kind.create(dir));
        for (int record = 0; record < 10; record++) {
            index.put("t", "same", 100L * record, T0 + 1000L * record);
        }

        assertEquals(List.of(900L, 800L, 700L, 600L, 500L, 400L, 300L, 200L, 100L, 0L),
                index.query("t", "same", 100, 0, ALL_TIME));
        assertEquals(List.of(900L, 800L, 700L, 600L, 500L), index.query("t", "same", 5, 0, ALL_TIME));
        assertEquals(List.of(300L, 200L), index.query("t", "same", 100, T0 + 2000, T0 + 3000));
    }

    @Test
    void fileNamesAreTimestampsThatAlwaysIncrease() throws IOException {
        KeyIndex index = open(new SimulatedDisk());
        for (int record = 0; record < 3 * PER_FILE; record++) {
            index.put("t", "k", record, T0);
        }

        Path directory = root().resolve("index");
        assertEquals(List.of(directory.resolve("20240501093000123"), directory.resolve("20240501093000124"),
                directory.resolve("20240501093000125")), index.files());
    }

    @ParameterizedTest
    @EnumSource(DiskKind.class)
    void aReopenedIndexFindsEveryFileAndKeepsWritingTheNewest(DiskKind kind) throws IOException {
        StoreFiles files = kind.create(dir);
        KeyIndex index = open(files);
        for (int record = 0; record < 6; record++) {
            index.put("t", "k", 100L * record, T0);
        }
        index.force();
        index.close();

        KeyIndex reopened = open(files);
        assertEquals(2, reopened.files().size());
        reopened.put("t", "k", 600, T0);
        assertEquals(2, reopened.files().size());
        assertEquals(List.of(600L, 500L, 400L, 300L, 200L, 100L, 0L), reopened.query("t", "k", 100, 0, ALL_TIME));
    }

    @ParameterizedTest
    @EnumSource(DiskKind.class)
    void retentionDeletesOnlyFilesEntirelyBelowTheOffsetAndNeverTheNewest(DiskKind kind) throws IOException {
        StoreFiles files = kind.create(dir);
        KeyIndex index = open(files);
        for (int record = 0; record < 12; record++) { // files: [0..300] [400..700] [800..1100]
            index.put("t", "k" + record, 100L * record, T0);
        }
        List<Path> before = index.files();

        assertEquals(0, index.deleteFilesBefore(300));
        assertEquals(1, index.deleteFilesBefore(301));
        assertEquals(before.subList(1, 3), index.files());
        assertFalse(files.exists(before.get(0)));
        assertEquals(List.of(), index.query("t", "k0", 10, 0, ALL_TIME));
        assertEquals(List.of(400L), index.query("t", "k4", 10, 0, ALL_TIME));

        assertEquals(1, index.deleteFilesBefore(Long.MAX_VALUE));
        assertEquals(before.subList(2, 3), index.files());
    }

    @ParameterizedTest
    @EnumSource(DiskKind.class)
    void recoverDeletesFilesPastTheOffsetAndTruncatesTheNewestKept(DiskKind kind) throws IOException {
        StoreFiles files = kind.create(dir);
        KeyIndex index = open(files);
        for (int record = 0; record < 10; record++) { // files: [0..300] [400..700] [800, 900]
            index.put("t", "k", 100L * record, T0);
        }
        List<Path> before = index.files();

        assertEquals(4, index.recover(550));

        assertEquals(before.subList(0, 2), index.files());
        assertFalse(files.exists(before.get(2)));
        assertEquals(List.of(500L, 400L, 300L, 200L, 100L, 0L), index.query("t", "k", 100, 0, ALL_TIME));
        index.put("t", "k", 600, T0);
        index.put("t", "k", 700, T0);
        index.put("t", "k", 800, T0);
        assertEquals(3, index.files().size());
        assertEquals(9, index.query("t", "k", 100, 0, ALL_TIME).size());
    }

    /**
     * A dispatcher that forces the index now and then, a power cut, recovery from the last forced
     * offset and dispatch again: every record's keys come back exactly once.
     */
    @Test
    void afterAPowerCutRecoveryAndRedispatchGiveEveryKeyOnce() throws IOException {
        for (int seed = 0; seed < 40; seed++) {
            Random random = new Random(seed);
            SimulatedDisk disk = new SimulatedDisk();
            KeyIndex index = KeyIndex.open(disk, root(), 7, 40, STOPPED);
            int records = 150 + random.nextInt(100);
            int forced = 0;
            for (int record = 0; record < records; record++) {
                index.put("t", key(record), 10L * record, T0 + record);
                if (random.nextInt(30) == 0) {
                    index.force();
                    forced = record + 1;
                }
            }

            KeyIndex recovered = KeyIndex.open(disk.crash(random), root(), 7, 40, STOPPED);
            recovered.recover(10L * forced);
            for (int record = forced; record < records; record++) {
                recovered.put("t", key(record), 10L * record, T0 + record);
            }

            for (int k = 0; k < 11; k++) {
                List<Long> expected = new ArrayList<>();
                for (int record = records - 1; record >= 0; record--) {
                    if (key(record).equals("k" + k)) {
                        expected.add(10L * record);
                    }
                }
                assertEquals(expected, recovered.query("t", "k" + k, 1000, 0, ALL_TIME), "seed " + seed + " k" + k);
            }
            assertTrue(recovered.files().size() > 1);
        }
    }

    private static String key(int record) {
        return "k" + record % 11;
    }
}
