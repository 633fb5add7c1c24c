package io.ballast.broker.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.remoting.protocol.Perm;
import io.ballast.remoting.protocol.TopicConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicConfigsTest {
    @TempDir
    Path dir;

    private TopicConfigs open(boolean autoCreate) throws Exception {
        return TopicConfigs.open(new JsonFile(dir.resolve("config/topics.json")), autoCreate, 8);
    }

    @Test
    void systemTopicsExistFromTheStartAndTheTemplateOnlyWithAutoCreation() throws Exception {
        TopicConfigs with = open(true);
        assertEquals(8, with.find(TopicNames.AUTO_CREATE_TEMPLATE).orElseThrow().writeQueueNums());
        assertEquals(Perm.INHERIT | Perm.READ | Perm.WRITE, with.find(TopicNames.AUTO_CREATE_TEMPLATE).orElseThrow().perm());
        assertEquals(TopicConfigs.SCHEDULE_QUEUES, with.find(TopicNames.SCHEDULE).orElseThrow().readQueueNums());
        Files.delete(dir.resolve("config/topics.json"));
        assertFalse(open(false).find(TopicNames.AUTO_CREATE_TEMPLATE).isPresent());
    }

    @Test
    void aTopicCreatedOnSendInheritsFromTheTemplateAndSurvivesReopening() throws Exception {
        TopicConfigs topics = open(true);
        AtomicInteger changes = new AtomicInteger();
        topics.onChange(changes::incrementAndGet);
        long before = topics.dataVersion().counter();

        TopicConfig created = topics.findOrCreateForSend("orders", TopicNames.AUTO_CREATE_TEMPLATE, 4, 0, true).orElseThrow();

        assertEquals(4, created.writeQueueNums());
        assertEquals(Perm.READ | Perm.WRITE, created.perm(), "INHERIT is not inherited");
        assertEquals(1, changes.get());
        assertEquals(before + 1, topics.dataVersion().counter());
        TopicConfigs reopened = open(true);
        assertEquals(created, reopened.find("orders").orElseThrow());
        assertEquals(topics.dataVersion(), reopened.dataVersion());
    }

    @Test
    void queuesOfAnAutoCreatedTopicAreCappedByTheTemplate() throws Exception {
        assertEquals(8, open(true).findOrCreateForSend("big", TopicNames.AUTO_CREATE_TEMPLATE, 64, 0, true).orElseThrow().readQueueNums());
    }

    @Test
    void noAutoCreationWhenDisabledOrTheTemplateCannotBeInherited() throws Exception {
        TopicConfigs topics = open(true);
        assertTrue(topics.findOrCreateForSend("t1", TopicNames.AUTO_CREATE_TEMPLATE, 4, 0, false).isEmpty());
        topics.put(TopicConfig.of("plain", 4, Perm.READ | Perm.WRITE));
        assertTrue(topics.findOrCreateForSend("t2", "plain", 4, 0, true).isEmpty());
        assertTrue(topics.findOrCreateForSend("t3", "missing", 4, 0, true).isEmpty());
    }

    @Test
    void retryTopicsAreCreatedEvenWithoutAutoCreation() throws Exception {
        TopicConfigs topics = open(false);
        assertEquals(1, topics.findOrCreateForSend("%RETRY%g", null, 4, 0, false).orElseThrow().writeQueueNums());
        assertEquals(1, topics.dlqTopic("g").writeQueueNums());
    }

    @Test
    void deleteIsPersisted() throws Exception {
        TopicConfigs topics = open(true);
        topics.put(TopicConfig.of("gone", 2, Perm.READ | Perm.WRITE));
        assertTrue(topics.delete("gone"));
        assertFalse(topics.delete("gone"));
        assertFalse(open(true).find("gone").isPresent());
    }

    @Test
    void namesFollowRocketMqRules() {
        assertTrue(TopicNames.problem("a-b_c|%1").isEmpty());
        assertTrue(TopicNames.problem("has space").isPresent());
        assertTrue(TopicNames.problem("").isPresent());
        assertTrue(TopicNames.problem("x".repeat(128)).isPresent());
        assertTrue(TopicNames.problem("x".repeat(127)).isEmpty());
    }
}
