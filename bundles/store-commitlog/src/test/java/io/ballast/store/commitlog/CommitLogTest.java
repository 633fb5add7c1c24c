package io.ballast.store.commitlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.spi.message.Message;
import io.ballast.spi.store.AppendResult;
import io.ballast.spi.store.StoreException;
import io.ballast.store.io.MappedStoreFiles;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitLogTest {
    private static final InetSocketAddress STORE_HOST = new InetSocketAddress("127.0.0.1", 10911);
    private static final int SEGMENT = 16 * 1024;
    private static final int MAX_MESSAGE = 4 * 1024;

    @TempDir
    Path dir;

    private CommitLog open() {
        return new CommitLog(new MappedStoreFiles(), dir.resolve("commitlog"), SEGMENT, MAX_MESSAGE, STORE_HOST);
    }

    private record Appended(List<Message> messages, AppendResult result) {
    }

    @Test
    void randomAppendsAcrossSegmentBoundariesReadBackExactlyAndSurviveReopen() throws Exception {
        for (long seed = 1; seed <= 20; seed++) {
            Path seedDir = dir.resolve("seed-" + seed);
            RandomMessages random = new RandomMessages(seed, 1500);
            List<Appended> appended = new ArrayList<>();
            Map<String, Long> nextQueueOffset = new HashMap<>();
            try (CommitLog log = new CommitLog(new MappedStoreFiles(), seedDir, SEGMENT, MAX_MESSAGE, STORE_HOST)) {
                log.recover(0, (o, r) -> { });
                int count = 50 + random.random().nextInt(150);
                for (int i = 0; i < count; i++) {
                    List<Message> batch = new ArrayList<>();
                    Message first = random.next();
                    batch.add(first);
                    if (random.random().nextInt(5) == 0) {
                        for (int b = random.random().nextInt(3); b >= 0; b--) {
                            batch.add(random.next(first.topic(), first.queueId()));
                        }
                    }
                    AppendResult result;
                    try {
                        result = log.appendBatch(batch);
                    } catch (StoreException tooLarge) {
                        assertEquals(StoreException.Reason.MESSAGE_ILLEGAL, tooLarge.reason());
                        continue;
                    }
                    String key = first.topic() + "/" + first.queueId();
                    long expected = nextQueueOffset.getOrDefault(key, 0L);
                    assertEquals(expected, result.queueOffset(), "queue offsets are consecutive per queue");
                    nextQueueOffset.put(key, expected + batch.size());
                    assertTrue(result.physicalOffset() / SEGMENT == (result.endOffset() - 1) / SEGMENT,
                            "a record or batch never spans two segments");
                    appended.add(new Appended(batch, result));
                }
                assertReadable(log, appended);
            }
            try (CommitLog reopened = new CommitLog(new MappedStoreFiles(), seedDir, SEGMENT, MAX_MESSAGE, STORE_HOST)) {
                List<Long> replayed = new ArrayList<>();
                CommitLog.RecoveryReport report = reopened.recover(0, (offset, record) -> replayed.add(offset));
                long end = appended.isEmpty() ? 0 : appended.get(appended.size() - 1).result().endOffset();
                assertEquals(end, report.endOffset());
                assertEquals(0, report.truncatedBytes());
                assertEquals(appended.stream().mapToInt(a -> a.messages().size()).sum(), replayed.size());
                assertReadable(reopened, appended);
                // and the queues continue where they stopped
                Message next = random.next("topic-0", 0);
                assertEquals((long) nextQueueOffset.getOrDefault("topic-0/0", 0L), reopened.append(next).queueOffset());
            }
        }
    }

    private static void assertReadable(CommitLog log, List<Appended> appended) {
        for (Appended a : appended) {
            long offset = a.result().physicalOffset();
            for (int i = 0; i < a.messages().size(); i++) {
                Message m = a.messages().get(i);
                ByteBuffer header = log.read(offset, 4);
                ByteBuffer record = log.read(offset, header.getInt(0));
                RecordView view = assertInstanceOf(RecordView.Valid.class, RecordView.check(record, 0, offset)).view();
                assertEquals(m.topic(), view.topic());
                assertEquals(ByteBuffer.wrap(m.body()), view.body());
                assertEquals(m.properties(), view.properties());
                assertEquals(a.result().queueOffset() + i, view.queueOffset());
                assertEquals(MessageIds.offsetMessageId(STORE_HOST, offset), a.result().messageIds().get(i));
                offset += view.totalSize();
            }
            assertEquals(a.result().endOffset(), offset);
        }
    }

    @Test
    void aSegmentEndsWithABlankMarkerWhenTheNextRecordDoesNotFit() throws Exception {
        try (CommitLog log = open()) {
            log.recover(0, (o, r) -> { });
            Message big = Message.builder("T", new byte[3000]).build();
            long lastEnd = 0;
            AppendResult result;
            do {
                lastEnd = log.writtenOffset();
                result = log.append(big);
            } while (result.physicalOffset() < SEGMENT);
            assertEquals(SEGMENT, result.physicalOffset(), "the record moved to the next segment");
            RecordView.Check blank = log.check(lastEnd);
            assertEquals(SEGMENT - lastEnd, assertInstanceOf(RecordView.Blank.class, blank).bytesLeft());
            assertTrue(Files.exists(dir.resolve("commitlog").resolve(String.format("%020d", SEGMENT))));
        }
    }

    @Test
    void aMessageLargerThanMaxMessageSizeIsRefusedAndNothingIsWritten() throws Exception {
        try (CommitLog log = open()) {
            log.recover(0, (o, r) -> { });
            StoreException e = assertThrows(StoreException.class, () -> log.append(Message.builder("T", new byte[MAX_MESSAGE]).build()));
            assertEquals(StoreException.Reason.MESSAGE_ILLEGAL, e.reason());
            assertEquals(0, log.writtenOffset());
        }
    }

    @Test
    void aBatchForMoreThanOneQueueIsRefused() throws Exception {
        try (CommitLog log = open()) {
            log.recover(0, (o, r) -> { });
            StoreException e = assertThrows(StoreException.class, () -> log.appendBatch(List.of(
                    Message.builder("T", new byte[1]).queueId(0).build(), Message.builder("T", new byte[1]).queueId(1).build())));
            assertEquals(StoreException.Reason.MESSAGE_ILLEGAL, e.reason());
        }
    }

    @Test
    void forceAdvancesTheForcedOffsetToEverythingWritten() throws Exception {
        try (CommitLog log = open()) {
            log.recover(0, (o, r) -> { });
            RandomMessages random = new RandomMessages(3, 2000);
            for (int i = 0; i < 40; i++) {
                log.append(random.next());
            }
            assertEquals(0, log.forcedOffset());
            assertEquals(log.writtenOffset(), log.force());
            assertEquals(log.writtenOffset(), log.forcedOffset());
        }
    }

    @Test
    void theNextSegmentIsPreparedAheadAndKeptAcrossARestart() throws Exception {
        Path next = dir.resolve("commitlog").resolve(String.format("%020d", SEGMENT));
        try (CommitLog log = open()) {
            log.recover(0, (o, r) -> { });
            log.append(Message.builder("T", new byte[100]).build()); // rolls onto segment 0, prepares segment 1
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
            while (!Files.exists(next) || Files.size(next) < SEGMENT) {
                assertTrue(System.nanoTime() < deadline, "segment 1 prepared in the background");
                Thread.sleep(5);
            }
        }
        java.nio.file.attribute.FileTime before = Files.getLastModifiedTime(next);
        try (CommitLog log = open()) {
            CommitLog.RecoveryReport report = log.recover(0, (o, r) -> { });
            assertEquals(0, report.truncatedBytes(), "an empty prepared segment is not junk");
            assertTrue(Files.exists(next), "kept as the prepared segment, not deleted");
            assertEquals(before, Files.getLastModifiedTime(next), "and not rewritten");
            Message big = Message.builder("T", new byte[3000]).build();
            while (log.append(big).physicalOffset() < SEGMENT) {
                // fill segment 0 until the log rolls onto the kept segment 1
            }
            assertTrue(log.writtenOffset() > SEGMENT);
        }
    }

    @Test
    void aTornTailIsCutAndZeroedAtRecovery() throws Exception {
        long goodEnd;
        try (CommitLog log = open()) {
            log.recover(0, (o, r) -> { });
            RandomMessages random = new RandomMessages(5, 500);
            for (int i = 0; i < 10; i++) {
                log.append(random.next());
            }
            goodEnd = log.writtenOffset();
            log.append(random.next());
        }
        // Tear the last record: zero its second half as a lost page would.
        Path segment = dir.resolve("commitlog").resolve(String.format("%020d", 0));
        byte[] bytes = Files.readAllBytes(segment);
        int lastSize = java.nio.ByteBuffer.wrap(bytes).getInt((int) goodEnd);
        for (int i = (int) goodEnd + lastSize / 2; i < goodEnd + lastSize; i++) {
            bytes[i] = 0;
        }
        Files.write(segment, bytes);
        try (CommitLog log = open()) {
            CommitLog.RecoveryReport report = log.recover(0, (o, r) -> { });
            assertEquals(goodEnd, report.endOffset());
            assertTrue(report.truncatedBytes() > 0, report.toString());
            assertTrue(report.detail().contains("damaged record at " + goodEnd), report.detail());
            assertInstanceOf(RecordView.End.class, log.check(goodEnd), "the torn bytes are gone");
        }
    }
}
