package io.ballast.store.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ballast.store.io.MappedStoreFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsumeQueueTest {
    private static final int PER_FILE = 10;

    @TempDir
    Path dir;

    private ConsumeQueue open() throws Exception {
        ConsumeQueue queue = new ConsumeQueue(new MappedStoreFiles(), dir.resolve("T/0"), "T", 0, PER_FILE);
        queue.load();
        return queue;
    }

    @Test
    void entriesAcrossFilesReadBackAndSurviveReopen() throws Exception {
        ConsumeQueue queue = open();
        for (int i = 0; i < 35; i++) {
            queue.put(i, 1000L * i, 100 + i, "tag".hashCode() + i);
        }
        assertEquals(35, queue.maxOffset());
        assertEquals(4, Files.list(dir.resolve("T/0")).count(), "10 entries per file");
        assertEquals("00000000000000000200", Files.list(dir.resolve("T/0")).sorted().toList().get(1).getFileName().toString(),
                "files are named by byte offset");
        queue.close();

        ConsumeQueue reopened = open();
        assertEquals(0, reopened.minOffset());
        assertEquals(35, reopened.maxOffset());
        for (int i = 0; i < 35; i++) {
            assertEquals(new ConsumeQueue.Entry(1000L * i, 100 + i, "tag".hashCode() + i), reopened.entry(i));
        }
        assertNull(reopened.entry(35));
    }

    @Test
    void entriesPointingPastTheRecoveredCommitLogEndAreDropped() throws Exception {
        ConsumeQueue queue = open();
        for (int i = 0; i < 25; i++) {
            queue.put(i, 1000L * i, 100, 0);
        }
        queue.truncateBeyond(1000L * 12 + 100); // entry 12 ends exactly at the end: kept
        assertEquals(13, queue.maxOffset());
        assertNull(queue.entry(13));
        queue.close();
        assertEquals(13, open().maxOffset(), "the cut is on disk too");
    }

    @Test
    void retentionDeletesFilesWhollyBelowTheCommitLogMinimum() throws Exception {
        ConsumeQueue queue = open();
        for (int i = 0; i < 30; i++) {
            queue.put(i, 1000L * i, 100, 0);
        }
        queue.deleteBelow(1000L * 15);
        assertEquals(15, queue.minOffset());
        assertEquals(2, Files.list(dir.resolve("T/0")).count(), "the first file went");
        assertNull(queue.entry(9));
        assertEquals(1000L * 15, queue.entry(15).physicalOffset());
    }
}
