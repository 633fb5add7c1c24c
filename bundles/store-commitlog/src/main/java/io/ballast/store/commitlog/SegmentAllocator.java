package io.ballast.store.commitlog;

import io.ballast.store.io.StoreFile;
import io.ballast.store.io.StoreFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares the commitlog's next segment in the background: a preallocated file takes one write
 * of its whole size (about 3 s for 1 GiB on the disk measured), which must not happen under the
 * append lock. When the log rolls onto a segment, the one after it starts being prepared, so
 * in steady state the next segment is ready long before it is needed.
 *
 * <p>A prepared segment left on disk by a crash is all zeros, so recovery reads it as the end
 * of the log and deletes it. Thread-safe; called under the commitlog's append lock.
 */
final class SegmentAllocator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentAllocator.class);

    private final StoreFiles files;
    private final Path directory;
    private final int segmentSize;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ballast-segment-allocator");
        t.setDaemon(true);
        return t;
    });
    private long preparedBase = -1;
    private Future<StoreFile> prepared;

    SegmentAllocator(StoreFiles files, Path directory, int segmentSize) {
        this.files = files;
        this.directory = directory;
        this.segmentSize = segmentSize;
    }

    /** The segment file starting at {@code baseOffset}, then starts preparing the one after it. */
    synchronized StoreFile take(long baseOffset) throws IOException {
        StoreFile file;
        if (prepared != null && preparedBase == baseOffset) {
            file = await(prepared);
            prepared = null; // taken: no longer the allocator's to discard
            preparedBase = -1;
        } else {
            discardPrepared();
            file = files.openPreallocated(path(baseOffset), segmentSize);
        }
        prepare(baseOffset + segmentSize);
        return file;
    }

    /** At open: a prepared segment the last run left on disk (all zeros) is taken as prepared again. */
    synchronized void adopt(long baseOffset, StoreFile file) {
        discardPrepared();
        preparedBase = baseOffset;
        prepared = CompletableFuture.completedFuture(file);
    }

    /** Starts preparing the segment at {@code baseOffset} (at open: the first, or the one after the last). */
    synchronized void prepare(long baseOffset) {
        if (prepared != null && preparedBase == baseOffset) {
            return;
        }
        discardPrepared();
        preparedBase = baseOffset;
        prepared = worker.submit(() -> files.openPreallocated(path(baseOffset), segmentSize));
    }

    private Path path(long baseOffset) {
        return directory.resolve(Segment.fileName(baseOffset));
    }

    private static StoreFile await(Future<StoreFile> future) throws IOException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while preparing a commitlog segment", e);
        }
    }

    /** Drops the prepared segment, file and all (a truncated log no longer needs it). */
    synchronized void discard() {
        discardPrepared();
    }

    /**
     * A prepared segment that will not be taken is deleted: left on disk past the log's end, it
     * would leave a gap in the segment names once the log is cut back.
     */
    private void discardPrepared() {
        if (prepared == null) {
            return;
        }
        try {
            StoreFile file = await(prepared);
            file.close();
            files.delete(file.path());
        } catch (IOException e) {
            LOG.warn("Preparing commitlog segment {} failed: {}", path(preparedBase), e.toString());
        }
        prepared = null;
        preparedBase = -1;
    }

    /** Stops preparing; a prepared file stays on disk (zeros) and is reused or deleted at the next open. */
    @Override
    public synchronized void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (prepared != null) {
            try {
                await(prepared).close(); // stays on disk (zeros): reused or deleted at the next open
            } catch (IOException e) {
                LOG.warn("Preparing commitlog segment {} failed: {}", path(preparedBase), e.toString());
            }
            prepared = null;
        }
    }
}
