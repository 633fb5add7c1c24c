package io.ballast.broker.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonFileTest {
    record Doc(Map<String, Integer> table) {
    }

    @TempDir
    Path dir;

    @Test
    void aMissingFileReadsAsEmpty() throws Exception {
        assertTrue(new JsonFile(dir.resolve("none.json")).read(Doc.class).isEmpty());
    }

    @Test
    void writeReplacesAndLeavesNoTemporaryFile() throws Exception {
        JsonFile file = new JsonFile(dir.resolve("sub/doc.json"));
        file.write(new Doc(Map.of("a", 1)));
        file.write(new Doc(Map.of("a", 2)));
        assertEquals(Map.of("a", 2), file.read(Doc.class).orElseThrow().table());
        assertFalse(Files.exists(dir.resolve("sub/doc.json.tmp")));
    }

    @Test
    void theBackupIsReadWhenTheMainFileIsMissing() throws Exception {
        JsonFile file = new JsonFile(dir.resolve("doc.json"));
        file.write(new Doc(Map.of("a", 1)));
        file.write(new Doc(Map.of("a", 2)));
        Files.delete(dir.resolve("doc.json")); // as if a crash hit between the backup copy and the rename
        assertEquals(Map.of("a", 1), file.read(Doc.class).orElseThrow().table());
    }
}
