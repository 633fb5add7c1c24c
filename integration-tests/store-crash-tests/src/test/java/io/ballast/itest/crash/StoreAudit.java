package io.ballast.itest.crash;

import io.ballast.spi.store.ReadResult;
import io.ballast.spi.store.StoredRecord;
import io.ballast.store.CommitLogStore;
import io.ballast.store.Recovery;
import io.ballast.store.commitlog.RecordView;
import io.ballast.store.io.MappedStoreFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Opens a store the way a restarted broker does, and checks it against everything acknowledged
 * so far:
 * <ul>
 *   <li>the commitlog, walked without the store, holds only whole records, each byte-identical
 *       to the message whose number it carries, and per queue the queue offsets 0, 1, 2, ... in
 *       ascending commitlog order; no message is stored twice;</li>
 *   <li>every consume queue, read through the store from offset 0 to its end, has no holes and
 *       serves exactly those records, entry n pointing at the record with queue offset n;</li>
 *   <li>every acknowledged message is served where its ACK said, and every message served after
 *       an earlier kill is still served, at the same place.</li>
 * </ul>
 * A failed check throws an AssertionError saying which message and why. One audit per store
 * directory: it remembers what earlier rounds served. Not thread-safe.
 */
final class StoreAudit {
    private static final int BATCH = 256;

    /** What one audit found. */
    record Findings(int served, long endOffset, long truncatedBytes, long queueEntriesDropped, long unacknowledgedServed) {
    }

    private final CommitLogWalk walk = new CommitLogWalk();
    private Map<Long, CommitLogWalk.Located> servedBefore = Map.of();

    Findings audit(Path root, Map<Long, Ack> acknowledged) throws IOException {
        Recovery recovery;
        Map<Long, CommitLogWalk.Located> byNumber = new HashMap<>();
        try (CommitLogStore store = CommitLogStore.open(new MappedStoreFiles(), CrashStore.settings(root))) {
            recovery = store.recovery();
            requireOnlyKnownQueues(root.resolve("consumequeue"));
            CommitLogWalk.Result log = walk.walk(root.resolve("commitlog"), StoreAudit::checkRecord);
            if (log.endOffset() != recovery.endOffset()) {
                throw new AssertionError("recovery ended the log at " + recovery.endOffset() + ", its records end at " + log.endOffset());
            }
            Map<String, List<CommitLogWalk.Located>> byQueue = new HashMap<>();
            for (CommitLogWalk.Located record : log.records()) {
                List<CommitLogWalk.Located> queue = byQueue.computeIfAbsent(record.topic() + "-" + record.queueId(), q -> new ArrayList<>());
                if (record.queueOffset() != queue.size()) {
                    throw new AssertionError("commitlog record " + record + " claims queue offset " + record.queueOffset()
                            + " where the queue's next is " + queue.size());
                }
                queue.add(record);
                CommitLogWalk.Located twice = byNumber.put(record.n(), record);
                if (twice != null) {
                    throw new AssertionError("message " + record.n() + " stored twice: " + twice + " and " + record);
                }
            }
            for (String topic : NumberedMessages.TOPICS) {
                for (int queueId = 0; queueId < NumberedMessages.QUEUES_PER_TOPIC; queueId++) {
                    requireQueueServes(store, topic, queueId, byQueue.getOrDefault(topic + "-" + queueId, List.of()));
                }
            }
        }
        requireAcknowledgedServed(acknowledged, byNumber);
        requireEarlierServedStillServed(byNumber);
        servedBefore = byNumber;
        long unacknowledged = byNumber.keySet().stream().filter(n -> !acknowledged.containsKey(n)).count();
        return new Findings(byNumber.size(), recovery.endOffset(), recovery.truncatedBytes(), recovery.queueEntriesDropped(),
                unacknowledged);
    }

    /** A record the walk sees for the first time must be one a writer sent, exactly as sent. */
    private static void checkRecord(RecordView view, CommitLogWalk.Located at) {
        if (at.n() < 0) {
            throw new AssertionError("commitlog record " + at + " was sent by no writer");
        }
        String difference = RecordBytes.difference(view, at.n());
        if (difference != null) {
            throw new AssertionError("commitlog record " + at + ": " + difference);
        }
    }

    /** Entry i of the queue is the commitlog's record with queue offset i: same place, same size, nothing more. */
    private static void requireQueueServes(CommitLogStore store, String topic, int queueId, List<CommitLogWalk.Located> records) {
        String queue = topic + "-" + queueId;
        long min = store.minQueueOffset(topic, queueId);
        long max = store.maxQueueOffset(topic, queueId);
        if (min != 0 || max != records.size()) {
            throw new AssertionError(queue + " serves offsets [" + min + ", " + max + "); the commitlog holds "
                    + records.size() + " of its records");
        }
        long next = 0;
        while (next < max) {
            ReadResult result = store.read(topic, queueId, next, BATCH, 1 << 20);
            if (result.status() != ReadResult.Status.FOUND) {
                throw new AssertionError(queue + ": reading offset " + next + " of " + max + " gave " + result.status());
            }
            for (StoredRecord stored : result.records()) {
                CommitLogWalk.Located expected = records.get((int) next);
                if (stored.queueOffset() != next || stored.physicalOffset() != expected.physicalOffset()
                        || stored.bytes().remaining() != expected.size()) {
                    throw new AssertionError(queue + ": offset " + stored.queueOffset() + " points at commitlog "
                            + stored.physicalOffset() + " (" + stored.bytes().remaining() + " bytes) where the commitlog has "
                            + expected);
                }
                next++;
            }
        }
    }

    private static void requireAcknowledgedServed(Map<Long, Ack> acknowledged, Map<Long, CommitLogWalk.Located> byNumber) {
        for (Ack ack : acknowledged.values()) {
            CommitLogWalk.Located found = byNumber.get(ack.n());
            if (found == null) {
                throw new AssertionError("acknowledged message lost: " + ack + "; " + byNumber.size() + " messages served");
            }
            if (!found.topic().equals(ack.topic()) || found.queueId() != ack.queueId() || found.queueOffset() != ack.queueOffset()
                    || found.physicalOffset() != ack.physicalOffset() || found.storeTimestamp() != ack.storeTimestamp()) {
                throw new AssertionError("message " + ack.n() + " was acknowledged as " + ack + " but is stored as " + found);
            }
        }
    }

    /** A message a consumer could already read must not disappear or move in a later recovery. */
    private void requireEarlierServedStillServed(Map<Long, CommitLogWalk.Located> byNumber) {
        for (CommitLogWalk.Located earlier : servedBefore.values()) {
            CommitLogWalk.Located now = byNumber.get(earlier.n());
            if (!earlier.equals(now)) {
                throw new AssertionError("message " + earlier.n() + " was stored as " + earlier
                        + " after an earlier kill, now " + (now == null ? "not at all" : "as " + now));
            }
        }
    }

    private static void requireOnlyKnownQueues(Path consumeQueues) throws IOException {
        if (!Files.isDirectory(consumeQueues)) {
            return;
        }
        Set<String> known = new HashSet<>();
        for (String topic : NumberedMessages.TOPICS) {
            for (int queueId = 0; queueId < NumberedMessages.QUEUES_PER_TOPIC; queueId++) {
                known.add(topic + "/" + queueId);
            }
        }
        try (Stream<Path> queues = Files.walk(consumeQueues, 2)) {
            queues.filter(p -> p.getNameCount() == consumeQueues.getNameCount() + 2)
                    .map(p -> consumeQueues.relativize(p).toString())
                    .filter(q -> !known.contains(q))
                    .findFirst()
                    .ifPresent(q -> {
                        throw new AssertionError("a consume queue no writer used: " + q);
                    });
        }
    }
}
