package io.ballast.itest.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The process-crash test of the store: a child JVM ({@link CrashWriter}) appends from several
 * threads under a real flush policy and is killed with SIGKILL at a random moment, round after
 * round on the same store directory, so later rounds recover stores that were themselves
 * recovered and then appended to. After every kill the store is audited ({@link StoreAudit}).
 *
 * <p>The audit opens a copy of the directory, not the directory itself: opening a store and
 * closing it cleanly would leave a fresh checkpoint and no abort marker, and the next child would
 * never have to recover from a kill. With a copy, the next child recovers exactly the bytes the
 * audit recovered (recovery is deterministic), then appends onto them, which is where queue
 * offsets must continue correctly.
 *
 * <p>The kill comes 100-1500 ms after the child reports READY (store open, writers starting),
 * from a seeded Random; set {@code -Dcrash.seed=...} to repeat a run. Every failure names the
 * seed and the round. The suite runs {@value #DEFAULT_ROUNDS} rounds per flush mode to keep CI
 * under its time budget; {@code -Dcrash.rounds=N} runs a longer series.
 */
class StoreCrashIT {
    static final int DEFAULT_ROUNDS = 8;
    private static final int ROUNDS = Math.max(1, Integer.getInteger("crash.rounds", DEFAULT_ROUNDS));
    private static final int WRITER_THREADS = 4;
    /** A child nobody killed stops by itself after this long; no round comes near it. */
    private static final long CHILD_MAX_MILLIS = 20_000;
    private static final Path WORK = Path.of(System.getProperty("crash.work", "target/crash"));

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void everyAcknowledgedMessageSurvivesKillNineUnderSyncFlush() throws Exception {
        crashRounds(FlushMode.SYNC);
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void everyAcknowledgedMessageSurvivesKillNineUnderAsyncFlush() throws Exception {
        crashRounds(FlushMode.ASYNC);
    }

    private static void crashRounds(FlushMode mode) throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Path directory = WORK.resolve(mode.name().toLowerCase());
        Path store = directory.resolve("store");
        Path audited = directory.resolve("audited");
        Path log = directory.resolve("writer.log");
        StoreCopy.delete(directory);
        Files.createDirectories(directory);
        System.out.printf("%s: seed %d (repeat with -Dcrash.seed=%d), store %s%n", mode, seed, seed, store);

        Map<Long, Ack> acknowledged = new HashMap<>();
        StoreAudit audit = new StoreAudit();
        StoreAudit.Findings findings = new StoreAudit.Findings(0, 0, 0, 0, 0);
        long started = System.nanoTime();
        long truncatedTotal = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String context = mode + " seed " + seed + " round " + (round + 1) + ": ";
            long killAfterMillis = 100 + random.nextInt(1401);
            int acksBefore = acknowledged.size();
            String ready = killRound(store, mode, round, killAfterMillis, log, acknowledged, context);
            // The writer recovered the very bytes the last audit recovered from its copy.
            assertTrue(ready.contains(" end=" + findings.endOffset() + " "), context + "the writer's recovery ended "
                    + "elsewhere than the audit's (" + findings.endOffset() + "): " + ready);
            long auditStarted = System.nanoTime();
            StoreCopy.mirror(store, audited);
            try {
                findings = audit.audit(audited, acknowledged);
            } catch (AssertionError e) {
                throw new AssertionError(context + e.getMessage() + " (the store is kept at " + store + ")", e);
            }
            long auditMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - auditStarted);
            truncatedTotal += findings.truncatedBytes();
            System.out.printf("%s round %2d: killed %4d ms after READY; acked %6d (total %7d); served %7d, %d never acked;"
                            + " recovery cut %d bytes, dropped %d queue entries; audit %d ms%n", mode, round + 1, killAfterMillis,
                    acknowledged.size() - acksBefore, acknowledged.size(), findings.served(),
                    findings.unacknowledgedServed(), findings.truncatedBytes(), findings.queueEntriesDropped(), auditMillis);
        }
        System.out.printf("%s: %d rounds in %d ms; %d messages acknowledged, %d served after the last kill,"
                        + " %d bytes cut by recovery in all%n", mode, ROUNDS,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), acknowledged.size(), findings.served(),
                truncatedTotal);
        assertTrue(acknowledged.size() >= ROUNDS, mode + " seed " + seed + ": too few acknowledgements ("
                + acknowledged.size() + ") for the kills to have hit a store under load");
        StoreCopy.delete(directory); // a passing run's store is hundreds of megabytes of nothing to look at
    }

    /**
     * Starts a writer, kills it {@code killAfterMillis} after READY, and adds the ACKs it printed
     * to {@code acknowledged}. Returns its READY line.
     */
    private static String killRound(Path store, FlushMode mode, int round, long killAfterMillis, Path log,
                                    Map<Long, Ack> acknowledged, String context) throws Exception {
        List<String> lines;
        String ready;
        try (WriterProcess writer = WriterProcess.start(store, mode, NumberedMessages.firstOfRound(round), WRITER_THREADS,
                CHILD_MAX_MILLIS, log)) {
            ready = writer.awaitReady(30, TimeUnit.SECONDS);
            assertNotNull(ready, context + "the writer did not open the store within 30 s; see " + log);
            Thread.sleep(killAfterMillis);
            assertTrue(writer.isAlive(), context + "the writer ended before it was killed; see " + log);
            assertEquals(WriterProcess.KILLED_BY_SIGKILL, writer.kill(), context + "exit code after SIGKILL");
            lines = writer.linesAfterDeath();
        }
        for (String line : lines) {
            if (Ack.isAck(line)) {
                Ack ack = Ack.parse(line);
                assertEquals(null, acknowledged.put(ack.n(), ack), context + "message " + ack.n() + " acknowledged twice");
            } else if (line.startsWith("FAIL")) {
                fail(context + "a writer failed before the kill: " + line);
            }
        }
        return ready;
    }
}
