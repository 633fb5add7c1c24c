package io.ballast.example.flush;

import io.ballast.spi.flush.FlushPolicy;
import io.ballast.spi.message.SendStatus;
import io.ballast.spi.store.Journal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * SYNC_FLUSH with a batching delay: a send waits for a force covering it, but the force is put off
 * up to {@code batchDelayMillis} after the first waiting send, so one force covers every send of
 * that window. The built-in group commit forces as soon as it can; this trades a little latency
 * for fewer forces on a disk where a force is slow.
 *
 * <p>Threads: one, "example-batching-commit", owns the waiting sends and does every force; the
 * stages complete there, so the broker's dependents run there and must not block (the broker's
 * do not). {@link #awaitDurable} only appends under a lock and never blocks on I/O.
 *
 * <p>Ranking 50, above the built-in policies' 0: deploying the bundle makes the broker switch to
 * it; removing it switches back. On deactivation the thread forces once more and completes every
 * send it holds before the bundle goes, as the FlushPolicy contract requires.
 */
@Component(service = FlushPolicy.class, property = "service.ranking:Integer=50")
public final class BatchingGroupCommit implements FlushPolicy, AutoCloseable {
    /** A send's wait: the offset it needs forced and the stage the broker answers from. */
    private record Waiter(long endOffset, CompletableFuture<SendStatus> stage) {
    }

    public @interface Config {
        /** Milliseconds a force is put off after the first send waiting for it. */
        long batchDelayMillis() default 2;
    }

    private final Journal journal;
    private final long batchDelayMillis;
    private final ScheduledExecutorService committer;
    private final List<Waiter> waiting = new ArrayList<>(); // guarded by itself
    private boolean forceScheduled; // guarded by waiting
    private boolean closed; // guarded by waiting
    private volatile IOException failure;

    @Activate
    public BatchingGroupCommit(@Reference Journal journal, Config config) {
        this(journal, config.batchDelayMillis());
    }

    /** Without OSGi (tests): runs until {@link #close()}. */
    public BatchingGroupCommit(Journal journal, long batchDelayMillis) {
        this.journal = journal;
        this.batchDelayMillis = batchDelayMillis;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "example-batching-commit");
            thread.setDaemon(true);
            return thread;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(true); // a scheduled force still runs on close
        this.committer = executor;
    }

    @Override
    public CompletionStage<SendStatus> awaitDurable(long endOffset) {
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        if (journal.forcedOffset() >= endOffset) {
            return CompletableFuture.completedFuture(SendStatus.SEND_OK);
        }
        Waiter waiter = new Waiter(endOffset, new CompletableFuture<>());
        synchronized (waiting) {
            if (closed) {
                // A send racing the swap: the next policy is not bound yet, so force here, once.
                commit(List.of(waiter));
                return waiter.stage();
            }
            waiting.add(waiter);
            if (!forceScheduled) {
                forceScheduled = true;
                committer.schedule(this::commitWaiting, batchDelayMillis, TimeUnit.MILLISECONDS);
            }
        }
        return waiter.stage();
    }

    /** Only forced bytes were acknowledged, so consumers see no more than that. */
    @Override
    public long acknowledgedOffset() {
        return journal.forcedOffset();
    }

    /** Forces once more, completes every waiting send, and returns when the thread has ended. */
    @Deactivate
    @Override
    public void close() {
        synchronized (waiting) {
            closed = true;
        }
        committer.execute(this::commitWaiting); // after any scheduled force, even if none was due
        committer.shutdown();
        boolean interrupted = false;
        while (!committer.isTerminated()) {
            try {
                committer.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted = true; // keep waiting: returning early would abandon sends
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void commitWaiting() {
        List<Waiter> batch;
        synchronized (waiting) {
            batch = new ArrayList<>(waiting);
            waiting.clear();
            forceScheduled = false;
        }
        commit(batch);
    }

    /** One force for the whole batch; a failed force fails the batch and every later send. */
    private void commit(List<Waiter> batch) {
        if (failure == null) {
            try {
                long forced = journal.force();
                for (Waiter waiter : batch) {
                    // every end offset was written before its wait began, so the force covers it
                    waiter.stage().complete(forced >= waiter.endOffset() ? SendStatus.SEND_OK : SendStatus.FLUSH_DISK_TIMEOUT);
                }
                return;
            } catch (IOException e) {
                failure = e;
            }
        }
        for (Waiter waiter : batch) {
            waiter.stage().completeExceptionally(failure);
        }
    }
}
