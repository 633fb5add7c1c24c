package io.ballast.broker.offset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.broker.metadata.JsonFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsumerOffsetsTest {
    @TempDir
    Path dir;

    private JsonFile file() {
        return new JsonFile(dir.resolve("config/consumerOffset.json"));
    }

    @Test
    void committedOffsetsSurviveAPersistAndReopen() throws Exception {
        ConsumerOffsets offsets = ConsumerOffsets.open(file());
        offsets.commit("g", "t", 0, 10);
        offsets.commit("g", "t", 3, 7);
        offsets.commit("g2", "t", 0, 1);
        offsets.persist();

        ConsumerOffsets reopened = ConsumerOffsets.open(file());
        assertEquals(OptionalLong.of(10), reopened.query("g", "t", 0));
        assertEquals(Map.of(0, 10L, 3, 7L), reopened.offsets("g", "t"));
        assertEquals(OptionalLong.empty(), reopened.query("g", "t", 1));
        assertEquals(Set.of("g", "g2"), reopened.groupsOf("t"));
        assertEquals(Set.of("t"), reopened.topicsOf("g"));
    }

    @Test
    void persistWritesOnlyWhenSomethingChanged() throws Exception {
        ConsumerOffsets offsets = ConsumerOffsets.open(file());
        offsets.persist();
        assertFalse(Files.exists(file().path()), "nothing committed, nothing written");
        offsets.commit("g", "t", 0, 1);
        assertTrue(offsets.isDirty());
        offsets.persist();
        assertFalse(offsets.isDirty());
        assertTrue(Files.exists(file().path()));
    }

    @Test
    void theFileHasUpstreamsShape() throws Exception {
        ConsumerOffsets offsets = ConsumerOffsets.open(file());
        offsets.commit("g", "t", 0, 5);
        offsets.persist();
        String json = Files.readString(file().path()).replaceAll("\\s", "");
        assertEquals("{\"offsetTable\":{\"t@g\":{\"0\":5}}}", json);
    }

    @Test
    void deletingATopicOrGroupForgetsItsOffsets() throws Exception {
        ConsumerOffsets offsets = ConsumerOffsets.open(file());
        offsets.commit("g", "t", 0, 5);
        offsets.commit("g", "u", 0, 5);
        offsets.commit("h", "u", 0, 5);
        offsets.deleteTopic("t");
        assertEquals(Set.of("u"), offsets.topicsOf("g"));
        offsets.deleteGroup("g");
        assertEquals(Set.of("h"), offsets.groupsOf("u"));
    }

    @Test
    void mergeForwardKeepsTheLargerOffsetAndAheadOfListsWhatTheOtherLacks() throws Exception {
        ConsumerOffsets mine = ConsumerOffsets.open(file());
        mine.commit("g", "t", 0, 20);
        mine.commit("g", "t", 1, 3);
        mine.commit("g", "t", 2, 4);
        ConsumerOffsets.Table theirs = new ConsumerOffsets.Table(Map.of("t@g", Map.of(0, 10L, 1, 5L)));

        mine.mergeForward(theirs);

        assertEquals(Map.of(0, 20L, 1, 5L, 2, 4L), mine.offsets("g", "t"));
        assertEquals(java.util.List.of(new ConsumerOffsets.Commit("g", "t", 0, 20), new ConsumerOffsets.Commit("g", "t", 2, 4)),
                mine.aheadOf(theirs, Set.of("t")).stream()
                        .sorted(java.util.Comparator.comparingInt(ConsumerOffsets.Commit::queueId)).toList());
        assertTrue(mine.aheadOf(theirs, Set.of("other")).isEmpty());
    }
}
