package io.ballast.flush.async;

import io.ballast.flush.disktype.FlushDiskTypeConfig;
import io.ballast.spi.flush.FlushPolicy;
import io.ballast.spi.message.SendStatus;
import io.ballast.spi.store.Journal;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * ASYNC_FLUSH, RocketMQ's default: a send is answered as soon as it is appended (the page cache
 * survives a process crash), and a background thread forces the journal at an interval. After an
 * OS crash the loss is bounded by the flush window: up to {@code flushCommitLogThoroughInterval}
 * at low write rates, not just {@code flushIntervalCommitLog}.
 *
 * <p>Invariants: {@link #awaitDurable} returns a stage that is already complete, SEND_OK while
 * the journal is healthy and exceptionally with the force's IOException once a force has failed
 * (never SEND_OK after a failed force, RocketMQ #2706). Thread-safe; holds no waiters, so
 * deactivation only stops the thread and forces what is dirty.
 *
 * <p>Enabled only while {@code flushDiskType} is ASYNC_FLUSH or unknown (see {@link AsyncFlushSelection}).
 */
@Component(enabled = false, service = FlushPolicy.class, configurationPid = FlushDiskTypeConfig.BROKER_PID,
        property = "service.ranking:Integer=0")
@Designate(ocd = AsyncFlush.Config.class)
public final class AsyncFlush implements FlushPolicy, AutoCloseable {
    @ObjectClassDefinition(name = "Ballast async flush (ASYNC_FLUSH)", description = "When the background flush forces")
    public @interface Config {
        @AttributeDefinition(description = "Milliseconds between looks at how much is dirty")
        int flushIntervalCommitLog() default 500;

        @AttributeDefinition(description = "Dirty 4 KiB pages needed before a force")
        int flushCommitLogLeastPages() default 4;

        @AttributeDefinition(description = "Milliseconds after which whatever is dirty is forced regardless")
        int flushCommitLogThoroughInterval() default 10_000;
    }

    private final Journal journal;
    private final IntervalFlusher flusher;

    @Activate
    public AsyncFlush(@Reference(name = "journal") Journal journal, Config config) {
        this(journal, AsyncFlushSettings.of(config));
    }

    /**
     * For use without OSGi (tests, benchmarks, embedding), with broker.conf's meanings: look
     * every {@code intervalMillis}, force at {@code leastPages} dirty pages, and whatever is dirty
     * every {@code thoroughIntervalMillis}. The policy runs until {@link #close()}.
     */
    public AsyncFlush(Journal journal, long intervalMillis, int leastPages, long thoroughIntervalMillis) {
        this(journal, new AsyncFlushSettings(intervalMillis, leastPages, thoroughIntervalMillis));
    }

    AsyncFlush(Journal journal, AsyncFlushSettings settings) {
        this.journal = journal;
        this.flusher = new IntervalFlusher(journal, settings);
        flusher.start();
    }

    /** New intervals apply at once; the policy keeps running across broker config edits. */
    @Modified
    void modified(Config config) {
        flusher.update(AsyncFlushSettings.of(config));
    }

    @Override
    public CompletionStage<SendStatus> awaitDurable(long endOffset) {
        IOException failed = flusher.failure();
        if (failed != null) {
            return CompletableFuture.failedFuture(failed);
        }
        return CompletableFuture.completedFuture(SendStatus.SEND_OK);
    }

    /** Under ASYNC_FLUSH everything appended has been answered SEND_OK. */
    @Override
    public long acknowledgedOffset() {
        return journal.writtenOffset();
    }

    /** Stops the background flush after a last force. Called by DS on deactivation, or by whoever built it. */
    @Deactivate
    public void close() {
        flusher.stopAndForce();
    }
}
