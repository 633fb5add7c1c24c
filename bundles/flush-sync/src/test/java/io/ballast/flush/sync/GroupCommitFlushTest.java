package io.ballast.flush.sync;

import io.ballast.testkit.FakeJournal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ballast.spi.message.SendStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitFlushTest {
    private static final long WAIT_SECONDS = 10; // a bound for a hung test, never a speed target
    private static final long TIMEOUT_MILLIS = 5_000;

    private final FakeJournal journal = new FakeJournal();
    private GroupCommitFlush flush;

    @AfterEach
    void deactivate() {
        if (flush != null) {
            journal.releaseForces();
            flush.close();
        }
    }

    @Test
    void aSendAlreadyForcedIsAnsweredAtOnceWithoutAForce() throws Exception {
        flush = new GroupCommitFlush(journal, TIMEOUT_MILLIS);
        long end = journal.append(100);
        journal.force();

        CompletionStage<SendStatus> stage = flush.awaitDurable(end);

        assertTrue(stage.toCompletableFuture().isDone());
        assertEquals(SendStatus.SEND_OK, stage.toCompletableFuture().get());
        assertEquals(1, journal.forces());
    }

    @Test
    void oneForceCompletesEveryWaiterItCovers() throws Exception {
        flush = new GroupCommitFlush(journal, TIMEOUT_MILLIS);
        journal.holdForces();
        CompletableFuture<SendStatus> first = send(100);
        waitUntil(() -> journal.forcesStarted() == 1); // the thread is inside the first force
        List<CompletableFuture<SendStatus>> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(send(100));
        }

        journal.releaseForces();

        assertEquals(SendStatus.SEND_OK, await(first));
        for (CompletableFuture<SendStatus> waiter : batch) {
            assertEquals(SendStatus.SEND_OK, await(waiter));
        }
        assertEquals(2, journal.forces(), "one force for the first send, one for the ten queued during it");
    }

    @Test
    void neverCompletesAWaiterBeforeTheForceCoveringItReturned() throws Exception {
        flush = new GroupCommitFlush(journal, TIMEOUT_MILLIS);
        journal.forceLatencyMillis(1);
        Queue<String> violations = new ConcurrentLinkedQueue<>();
        ExecutorService writers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                done.add(writers.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        long end = journal.append(64);
                        CompletableFuture<SendStatus> waiter = flush.awaitDurable(end).toCompletableFuture()
                                .whenComplete((status, error) -> {
                                    long forced = journal.forcedOffset();
                                    if (status == SendStatus.SEND_OK && forced < end) {
                                        violations.add("SEND_OK for " + end + " with forced offset " + forced);
                                    }
                                });
                        assertEquals(SendStatus.SEND_OK, await(waiter));
                    }
                    return null;
                }));
            }
            for (Future<?> writer : done) {
                writer.get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdownNow();
        }
        assertEquals(0, violations.size(), violations.size() + " early acks, the first: " + violations.peek());
    }

    @Test
    void waiterNotCoveredInTimeGetsFlushDiskTimeout() throws Exception {
        flush = new GroupCommitFlush(journal, 50);
        journal.holdForces();
        CompletableFuture<SendStatus> first = send(100);
        waitUntil(() -> journal.forcesStarted() == 1);
        CompletableFuture<SendStatus> late = send(100); // queued while the slow force runs
        Thread.sleep(150); // longer than its 50 ms syncFlushTimeout

        journal.releaseForces();

        assertEquals(SendStatus.SEND_OK, await(first));
        assertEquals(SendStatus.FLUSH_DISK_TIMEOUT, await(late));
    }

    @Test
    void aWaiterCoveredAfterItsDeadlineStillGetsSendOkIfTheForceReturnedFirst() throws Exception {
        flush = new GroupCommitFlush(journal, 50);
        journal.holdForces();
        CompletableFuture<SendStatus> first = send(100);
        waitUntil(() -> journal.forcesStarted() == 1);
        Thread.sleep(150); // the force that covers it outlives the timeout

        journal.releaseForces();

        assertEquals(SendStatus.SEND_OK, await(first), "durable is durable: the covering force returned");
    }

    @Test
    void failedForceFailsEveryPendingAndLaterWaiter() throws Exception {
        flush = new GroupCommitFlush(journal, TIMEOUT_MILLIS);
        IOException diskGone = new IOException("disk gone");
        journal.holdForces();
        CompletableFuture<SendStatus> inForce = send(100);
        waitUntil(() -> journal.forcesStarted() == 1);
        CompletableFuture<SendStatus> queued1 = send(100);
        CompletableFuture<SendStatus> queued2 = send(100);
        journal.failForcesWith(diskGone);

        journal.releaseForces();

        assertSame(diskGone, failureOf(inForce));
        assertSame(diskGone, failureOf(queued1));
        assertSame(diskGone, failureOf(queued2));
        assertSame(diskGone, failureOf(send(100)), "fail-stop: a send after the failure fails too");
        assertEquals(1, journal.forcesStarted(), "a failed journal is never forced again");
    }

    @Test
    void deactivationCompletesEveryPendingWaiter() throws Exception {
        flush = new GroupCommitFlush(journal, TIMEOUT_MILLIS);
        journal.holdForces();
        CompletableFuture<SendStatus> inForce = send(100);
        waitUntil(() -> journal.forcesStarted() == 1);
        List<CompletableFuture<SendStatus>> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queued.add(send(100));
        }
        Thread deactivating = deactivateInBackground();

        journal.releaseForces();
        deactivating.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));

        assertFalse(deactivating.isAlive(), "deactivate returned");
        assertEquals(SendStatus.SEND_OK, inForce.getNow(null));
        for (CompletableFuture<SendStatus> waiter : queued) {
            assertEquals(SendStatus.SEND_OK, waiter.getNow(null), "completed before deactivate returned");
        }
        assertEquals(journal.writtenOffset(), journal.forcedOffset());
        flush = null;
    }

    @Test
    void deactivationFailsEveryPendingWaiterWhenTheForceFails() throws Exception {
        flush = new GroupCommitFlush(journal, TIMEOUT_MILLIS);
        IOException diskGone = new IOException("disk gone");
        journal.holdForces();
        CompletableFuture<SendStatus> inForce = send(100);
        waitUntil(() -> journal.forcesStarted() == 1);
        CompletableFuture<SendStatus> queued = send(100);
        Thread deactivating = deactivateInBackground();
        journal.failForcesWith(diskGone);

        journal.releaseForces();
        deactivating.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));

        assertSame(diskGone, failureOf(inForce));
        assertSame(diskGone, failureOf(queued));
        flush = null;
    }

    @Test
    void aSendAfterDeactivationForcesOnItsOwnThread() throws Exception {
        flush = new GroupCommitFlush(journal, TIMEOUT_MILLIS);
        flush.close();
        int forcesBefore = journal.forces();

        CompletionStage<SendStatus> late = flush.awaitDurable(journal.append(100));

        assertTrue(late.toCompletableFuture().isDone());
        assertEquals(SendStatus.SEND_OK, late.toCompletableFuture().get());
        assertEquals(forcesBefore + 1, journal.forces());
        flush = null;
    }

    @Test
    void acknowledgedOffsetIsTheForcedOffset() throws Exception {
        flush = new GroupCommitFlush(journal, TIMEOUT_MILLIS);
        long end = journal.append(100);
        journal.append(50);
        assertEquals(0, flush.acknowledgedOffset());
        await(flush.awaitDurable(end).toCompletableFuture());
        assertEquals(journal.forcedOffset(), flush.acknowledgedOffset());
        assertTrue(flush.acknowledgedOffset() >= end);
    }

    @Test
    void sixtyFourConcurrentWritersShareFarFewerForcesThanSends() throws Exception {
        flush = new GroupCommitFlush(journal, TIMEOUT_MILLIS);
        journal.forceLatencyMillis(1); // a fast disk; batching comes from sends arriving during a force
        int writers = 64;
        int sendsEach = 50;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < sendsEach; i++) {
                        assertEquals(SendStatus.SEND_OK, await(flush.awaitDurable(journal.append(128)).toCompletableFuture()));
                    }
                    return null;
                }));
            }
            for (Future<?> writer : done) {
                writer.get(WAIT_SECONDS * 3, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        int sends = writers * sendsEach;
        assertTrue(journal.forces() <= sends / 8,
                "expected group commit to share forces: " + journal.forces() + " forces for " + sends + " sends");
    }

    private CompletableFuture<SendStatus> send(long bytes) {
        return flush.awaitDurable(journal.append(bytes)).toCompletableFuture();
    }

    /** Starts close() (what DS deactivation calls) and returns once it has closed the queue and is waiting for the group-commit thread. */
    private Thread deactivateInBackground() throws InterruptedException {
        Thread deactivating = new Thread(flush::close, "test-deactivate");
        deactivating.start();
        waitUntil(() -> deactivating.getState() == Thread.State.WAITING); // in Thread.join, after queue.close()
        return deactivating;
    }

    private static SendStatus await(CompletableFuture<SendStatus> waiter) throws Exception {
        return waiter.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static Throwable failureOf(CompletableFuture<SendStatus> waiter) throws Exception {
        try {
            SendStatus status = waiter.get(WAIT_SECONDS, TimeUnit.SECONDS);
            return fail("expected a failure, got " + status);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            return fail("the waiter never completed");
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
