package io.ballast.etc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CfgFileTest {
    @TempDir
    Path etc;

    private static Properties read(Path file) throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(file, StandardCharsets.ISO_8859_1)));
        return p;
    }

    @Test
    void aKeyIsReplacedWhereItStandsSetUnderItsCommentOrAppendedUnderTheOrigin() throws Exception {
        Path file = etc.resolve("io.ballast.broker.cfg");
        Files.writeString(file, "# the broker\nlistenPort = 10911\n\n# Flush\n# flushDiskType = ASYNC_FLUSH\nbrokerName = a\n");
        CfgFile cfg = CfgFile.load(file);
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("listenPort", "10921");
        changes.put("flushDiskType", "SYNC_FLUSH");
        changes.put("storePathRootDir", " /data\\x");
        cfg.setAll(changes, "Set on the running broker");
        cfg.write();

        assertEquals("# the broker\nlistenPort = 10921\n\n# Flush\n# flushDiskType = ASYNC_FLUSH\nflushDiskType = SYNC_FLUSH\n"
                + "brokerName = a\n\n# Set on the running broker\nstorePathRootDir = \\ /data\\\\x\n", Files.readString(file));
        assertEquals(" /data\\x", read(file).getProperty("storePathRootDir"), "escaped as Properties reads it back");
        try (var left = Files.list(etc)) {
            assertEquals(List.of(file), left.toList(), "no temporary file is left behind");
        }
    }

    /**
     * FileInstall polls etc/ and applies what it reads. A file rewritten in place can be read
     * truncated; one replaced whole never is. A reader re-reads the file while it is edited 300 times
     * and must always find every key.
     */
    @Test
    void aReaderNeverSeesTheFileHalfWritten() throws Exception {
        Path file = etc.resolve("io.ballast.broker.cfg");
        StringBuilder text = new StringBuilder("# many keys, so a write is not one instant\n");
        for (int i = 0; i < 200; i++) {
            text.append("key").append(i).append(" = value ").append(i).append('\n');
        }
        text.append("flushDiskType = ASYNC_FLUSH\n");
        Files.writeString(file, text);

        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> damaged = new ArrayList<>();
        int[] reads = {0};
        Thread reader = new Thread(() -> {
            while (writing.get() && damaged.isEmpty()) {
                try {
                    Properties seen = read(file);
                    reads[0]++;
                    if (seen.size() != 201) {
                        damaged.add(seen.size() + " keys");
                    }
                } catch (NoSuchFileException e) {
                    damaged.add("the file was missing");
                } catch (Exception e) {
                    damaged.add(e.toString());
                }
            }
        });
        reader.start();
        try {
            for (int i = 0; i < 300; i++) {
                CfgFile cfg = CfgFile.load(file);
                cfg.setAll(Map.of("flushDiskType", i % 2 == 0 ? "SYNC_FLUSH" : "ASYNC_FLUSH"), "unused");
                cfg.write();
            }
        } finally {
            writing.set(false);
            reader.join(10_000);
        }
        assertEquals(List.of(), damaged);
        assertTrue(reads[0] > 0, "the reader read the file");
        assertEquals("ASYNC_FLUSH", read(file).getProperty("flushDiskType"));
    }
}
