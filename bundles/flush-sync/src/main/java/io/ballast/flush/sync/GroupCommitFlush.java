package io.ballast.flush.sync;

import io.ballast.flush.disktype.FlushDiskTypeConfig;
import io.ballast.spi.flush.FlushPolicy;
import io.ballast.spi.message.SendStatus;
import io.ballast.spi.store.Journal;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * SYNC_FLUSH as group commit: a send is answered SEND_OK only after a force covering its bytes
 * has returned, and one force answers every send it covers. A send not covered within
 * {@code syncFlushTimeout} is answered FLUSH_DISK_TIMEOUT (stored, not known durable).
 *
 * <p>Threads: {@link #awaitDurable} never blocks while the policy is active; the stage it returns
 * completes on the "ballast-group-commit" thread (or at once on the caller's thread when the
 * offset is already forced or the journal has failed). Dependents attached with the non-async
 * {@code then*} methods therefore run on the group-commit thread and must not block; anything
 * slow belongs in a {@code *Async} stage on the broker's own executor.
 *
 * <p>Lifecycle: enabled only while {@code flushDiskType = SYNC_FLUSH} (see
 * {@link GroupCommitSelection}). Deactivation closes the queue, lets the thread force once and
 * complete every request it holds, and returns after the thread has ended. A send that arrives
 * after that (a race with a swap) forces inline on its own thread: rare, blocking, but correct.
 */
@Component(enabled = false, service = FlushPolicy.class, configurationPid = FlushDiskTypeConfig.BROKER_PID,
        property = "service.ranking:Integer=0")
@Designate(ocd = GroupCommitFlush.Config.class)
public final class GroupCommitFlush implements FlushPolicy, AutoCloseable {
    static final String THREAD_NAME = "ballast-group-commit";

    @ObjectClassDefinition(name = "Ballast group commit (SYNC_FLUSH)", description = "How long a send waits for its force")
    public @interface Config {
        @AttributeDefinition(description = "Milliseconds a send waits for a force covering it before FLUSH_DISK_TIMEOUT")
        long syncFlushTimeout() default 5000;
    }

    private final Journal journal;
    private final GroupCommitQueue queue = new GroupCommitQueue();
    private final GroupCommitLoop loop;
    private final Thread thread;
    private volatile long timeoutNanos;

    @Activate
    public GroupCommitFlush(@Reference(name = "journal") Journal journal, Config config) {
        this(journal, config.syncFlushTimeout());
    }

    /** For use without OSGi (tests, benchmarks, embedding): the policy runs until {@link #close()}. */
    public GroupCommitFlush(Journal journal, long syncFlushTimeoutMillis) {
        this.journal = journal;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(syncFlushTimeoutMillis);
        this.loop = new GroupCommitLoop(journal, queue);
        this.thread = new Thread(loop, THREAD_NAME);
        thread.setDaemon(true); // deactivation, not JVM exit, is what drains the waiters
        thread.start();
    }

    /** A new timeout applies to sends that arrive from now on; the policy keeps running. */
    @Modified
    void modified(Config config) {
        timeoutNanos = TimeUnit.MILLISECONDS.toNanos(config.syncFlushTimeout());
    }

    @Override
    public CompletionStage<SendStatus> awaitDurable(long endOffset) {
        IOException failed = loop.failure();
        if (failed != null) {
            return CompletableFuture.failedFuture(failed);
        }
        if (journal.forcedOffset() >= endOffset) {
            return CompletableFuture.completedFuture(SendStatus.SEND_OK);
        }
        FlushRequest request = new FlushRequest(endOffset, System.nanoTime() + timeoutNanos);
        if (queue.offer(request)) {
            return request.result();
        }
        return forceOnCallerThread(endOffset);
    }

    /** Only forced bytes are acknowledged under SYNC_FLUSH, so consumers never see more. */
    @Override
    public long acknowledgedOffset() {
        return journal.forcedOffset();
    }

    /** Stops taking requests, lets the thread force once and complete all it holds, and waits for it. */
    /**
     * Stops the policy as a swap does: forces once more, completes every send it holds, and
     * returns when its thread has ended. Called by DS on deactivation, or by whoever built it.
     */
    @Deactivate
    public void close() {
        queue.close();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true; // keep waiting: returning early would let the journal go under pending sends
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private CompletionStage<SendStatus> forceOnCallerThread(long endOffset) {
        IOException failed = loop.failure();
        if (failed != null) {
            return CompletableFuture.failedFuture(failed);
        }
        try {
            long forced = journal.force();
            return CompletableFuture.completedFuture(forced >= endOffset ? SendStatus.SEND_OK : SendStatus.FLUSH_DISK_TIMEOUT);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
