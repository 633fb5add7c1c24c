package io.ballast.store;

import static io.ballast.store.StoreFixtures.message;
import static io.ballast.store.StoreFixtures.readAll;
import static io.ballast.store.StoreFixtures.small;
import static io.ballast.store.StoreFixtures.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.spi.store.AppendResult;
import io.ballast.spi.store.StoredRecord;
import io.ballast.store.io.SimulatedDisk;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Power cuts at random moments, on a disk that keeps only what a real one must: forced bytes,
 * any subset of the unforced pages, and possibly one torn page. After each cut the store is
 * reopened and every queue read back.
 */
class PowerLossTest {
    private static final Path ROOT = Path.of("/store");
    private static final int CUTS = 150;
    private static final String[] TOPICS = {"orders", "payments"};

    /** One run up to a cut: what was appended, what was acknowledged, where the force had got to. */
    private record Run(SimulatedDisk afterCut, Map<Integer, AppendResult> appended, Set<Integer> acknowledged, long forcedOffset) {
    }

    /**
     * Appends in bursts; under sync flush a burst is acknowledged only after the force that
     * covers it returned (group commit), under async flush at once. The cut comes at a random
     * point, possibly between a burst's appends and its force, and in the middle of the
     * checkpoint's own writes.
     */
    private static Run runUntilCut(long seed, boolean syncFlush) throws Exception {
        Random random = new Random(seed);
        SimulatedDisk disk = new SimulatedDisk();
        Map<Integer, AppendResult> appended = new HashMap<>();
        Set<Integer> acknowledged = new HashSet<>();
        CommitLogStore store = CommitLogStore.open(disk, small(ROOT));
        store.acknowledgedOffset(syncFlush ? store::forcedOffset : store::writtenOffset);
        int n = 0;
        int bursts = 1 + random.nextInt(40);
        for (int burst = 0; burst < bursts; burst++) {
            List<Integer> pending = new ArrayList<>();
            for (int i = random.nextInt(8); i >= 0; i--) {
                String topic = TOPICS[random.nextInt(TOPICS.length)];
                appended.put(n, store.append(message(topic, random.nextInt(3), n, random)));
                pending.add(n++);
                if (!syncFlush) {
                    acknowledged.add(n - 1);
                }
            }
            if (burst < bursts - 1 || random.nextBoolean()) {
                store.force();
                if (syncFlush) {
                    acknowledged.addAll(pending);
                }
            }
            if (random.nextInt(3) == 0) {
                store.writeCheckpoint(); // so recovery starts from a checkpoint, not always from 0
            }
        }
        // The cut: whatever the disk holds now. The store is not closed; its threads are dropped.
        SimulatedDisk afterCut = disk.crash(random);
        long forced = store.forcedOffset();
        abandon(store);
        return new Run(afterCut, appended, acknowledged, forced);
    }

    /** Stops the store's threads without letting it write anything more to the (cut) disk. */
    private static void abandon(CommitLogStore store) {
        store.close(); // writes go to the old disk object, which the cut already copied
    }

    @Test
    void noAcknowledgedMessageIsLostUnderSyncFlushAndNothingCorruptIsServed() throws Exception {
        int lostUnacknowledged = 0;
        for (long seed = 0; seed < CUTS; seed++) {
            Run run = runUntilCut(seed, true);
            Set<Integer> recovered = reopenAndReadEverything(run, seed);
            for (int n : run.acknowledged()) {
                assertTrue(recovered.contains(n), "seed " + seed + ": acknowledged message " + n + " lost");
            }
            lostUnacknowledged += run.appended().size() - recovered.size();
        }
        assertTrue(lostUnacknowledged > 0, "the cuts did lose unforced messages sometimes, so the test has teeth");
    }

    @Test
    void underAsyncFlushOnlyTheUnforcedTailIsLostAndNothingCorruptIsServed() throws Exception {
        int lost = 0;
        for (long seed = 1000; seed < 1000 + CUTS; seed++) {
            Run run = runUntilCut(seed, false);
            Set<Integer> recovered = reopenAndReadEverything(run, seed);
            for (Map.Entry<Integer, AppendResult> e : run.appended().entrySet()) {
                if (e.getValue().endOffset() <= run.forcedOffset()) {
                    assertTrue(recovered.contains(e.getKey()), "seed " + seed + ": forced message " + e.getKey() + " lost");
                }
            }
            // What survives is a prefix of the commitlog: no hole followed by a later message.
            long firstLost = run.appended().entrySet().stream().filter(e -> !recovered.contains(e.getKey()))
                    .mapToLong(e -> e.getValue().physicalOffset()).min().orElse(Long.MAX_VALUE);
            for (int n : recovered) {
                assertTrue(run.appended().get(n).physicalOffset() < firstLost, "seed " + seed + ": message " + n + " survived past a lost one");
            }
            lost += run.appended().size() - recovered.size();
        }
        assertTrue(lost > 0, "some unforced messages were lost, so the cuts were real");
    }

    /**
     * Reopens the store on the cut disk and reads every queue: each record must be byte-identical
     * to the message appended, at the queue offset it was given, with queue offsets contiguous.
     */
    private static Set<Integer> reopenAndReadEverything(Run run, long seed) throws Exception {
        Set<Integer> recovered = new HashSet<>();
        try (CommitLogStore store = CommitLogStore.open(run.afterCut(), small(ROOT))) {
            for (String topic : TOPICS) {
                for (int queue = 0; queue < 3; queue++) {
                    List<StoredRecord> records = readAll(store, topic, queue);
                    for (int i = 0; i < records.size(); i++) {
                        StoredRecord record = records.get(i);
                        assertEquals(i, record.queueOffset(), "seed " + seed + ": queue offsets are contiguous from 0");
                        int n = verify(record);
                        AppendResult original = run.appended().get(n);
                        assertEquals(original.physicalOffset(), record.physicalOffset(), "seed " + seed);
                        assertEquals(original.queueOffset(), record.queueOffset(), "seed " + seed);
                        assertTrue(recovered.add(n), "seed " + seed + ": message " + n + " served twice");
                    }
                }
            }
        }
        return recovered;
    }
}
