package io.ballast.flush.async;

import io.ballast.testkit.FakeJournal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ballast.spi.message.SendStatus;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AsyncFlushTest {
    private static final long WAIT_SECONDS = 10; // a bound for a hung test, never a speed target
    private static final int PAGE = AsyncFlushSettings.PAGE_BYTES;
    private static final long ONE_HOUR = TimeUnit.HOURS.toMillis(1);

    private final FakeJournal journal = new FakeJournal();
    private AsyncFlush flush;

    @AfterEach
    void deactivate() {
        if (flush != null) {
            journal.releaseForces();
            flush.close();
        }
    }

    @Test
    void forcesOnlyOnceEnoughPagesAreDirty() throws Exception {
        flush = new AsyncFlush(journal, new AsyncFlushSettings(1, 4, ONE_HOUR));
        journal.append(3L * PAGE);
        waitForLooks(20);
        assertEquals(0, journal.forces(), "three dirty pages are fewer than flushCommitLogLeastPages");

        long end = journal.append(PAGE);
        waitUntil(() -> journal.forces() == 1);
        assertEquals(end, journal.forcedOffset());

        waitForLooks(20);
        assertEquals(1, journal.forces(), "nothing dirty, nothing forced");
    }

    @Test
    void forcesWhateverIsDirtyAtTheThoroughInterval() throws Exception {
        long thoroughMillis = 100;
        long started = System.nanoTime();
        flush = new AsyncFlush(journal, new AsyncFlushSettings(1, 4, thoroughMillis));
        long end = journal.append(1);

        waitUntil(() -> journal.forces() == 1);

        assertEquals(end, journal.forcedOffset(), "one dirty byte, far below four pages, is forced");
        assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(thoroughMillis),
                "not before the thorough interval");
    }

    @Test
    void ackDoesNotWaitForTheForce() throws Exception {
        flush = new AsyncFlush(journal, new AsyncFlushSettings(1, 1, ONE_HOUR));
        journal.holdForces();
        long end = journal.append(PAGE);
        waitUntil(() -> journal.forcesStarted() == 1); // the flusher is inside a force that has not returned

        CompletableFuture<SendStatus> ack = flush.awaitDurable(end).toCompletableFuture();

        assertTrue(ack.isDone(), "answered without waiting for the force");
        assertEquals(SendStatus.SEND_OK, ack.get());
        assertEquals(0, journal.forcedOffset());
    }

    @Test
    void afterAFailedForceEveryLaterSendFailsAndTheFlusherStops() throws Exception {
        IOException diskGone = new IOException("disk gone");
        journal.failForcesWith(diskGone);
        flush = new AsyncFlush(journal, new AsyncFlushSettings(1, 1, ONE_HOUR));
        journal.append(PAGE);
        waitUntil(() -> journal.forces() == 1);

        assertSame(diskGone, failureOf(flush.awaitDurable(journal.append(PAGE)).toCompletableFuture()),
                "no SEND_OK after a failed force");
        waitUntil(() -> !flusherThreadAlive());
        journal.append(10L * PAGE);
        assertEquals(1, journal.forcesStarted(), "a failed journal is not retried in a loop");
    }

    @Test
    void deactivationForcesWhatIsStillDirty() {
        flush = new AsyncFlush(journal, new AsyncFlushSettings(1, 4, ONE_HOUR));
        long end = journal.append(10); // below the page threshold: the flusher leaves it

        flush.close();
        flush = null;

        assertEquals(end, journal.forcedOffset());
        assertEquals(1, journal.forces());
        assertTrue(!flusherThreadAlive(), "the flusher thread has ended");
    }

    @Test
    void acknowledgedOffsetIsTheWrittenOffset() {
        flush = new AsyncFlush(journal, new AsyncFlushSettings(1, 4, ONE_HOUR));
        long end = journal.append(100);
        assertEquals(end, flush.acknowledgedOffset());
    }

    private void waitForLooks(int looks) throws InterruptedException {
        int target = journal.writtenOffsetReads() + looks;
        waitUntil(() -> journal.writtenOffsetReads() >= target);
    }

    private static boolean flusherThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(IntervalFlusher.THREAD_NAME) && t.isAlive());
    }

    private static Throwable failureOf(CompletableFuture<SendStatus> waiter) throws Exception {
        try {
            return fail("expected a failure, got " + waiter.get(WAIT_SECONDS, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("condition not reached within " + WAIT_SECONDS + " s");
            }
            Thread.sleep(1);
        }
    }
}
