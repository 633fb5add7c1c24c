package io.ballast.store;

import io.ballast.spi.message.Message;
import io.ballast.spi.message.MessageProperties;
import io.ballast.spi.store.AppendResult;
import io.ballast.spi.store.ArrivalListener;
import io.ballast.spi.store.Journal;
import io.ballast.spi.store.MessageStore;
import io.ballast.spi.store.ReadResult;
import io.ballast.spi.store.ReplicatedLog;
import io.ballast.spi.store.StoreException;
import io.ballast.spi.store.StoredRecord;
import io.ballast.spi.store.Watermarks;
import io.ballast.store.commitlog.CommitLog;
import io.ballast.store.commitlog.RecordView;
import io.ballast.store.index.KeyIndex;
import io.ballast.store.io.StoreFiles;
import io.ballast.store.queue.ConsumeQueue;
import io.ballast.store.queue.ConsumeQueues;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store: commitlog, consume queues, checkpoint, dispatcher, housekeeping, wired together.
 * Plain Java (no OSGi), so tests and the crash harness build it with {@link #open}.
 *
 * <pre>
 * store/commitlog/       segments of records (CommitLog)
 * store/consumequeue/    per topic-queue entries (ConsumeQueue)
 * store/index/           key index files
 * store/checkpoint       offsets known forced (Checkpoint)
 * store/truncate.pending a slave's truncation under way (PendingTruncation)
 * store/abort            exists while the store is open: found at open = the last run crashed
 * </pre>
 *
 * Visibility: the dispatcher indexes records only below {@code min(written, acknowledged)},
 * where {@code acknowledged} comes from the bound flush policy (the forced offset when none is
 * bound), and reads go through the consume queues only.
 *
 * <p>As a {@link ReplicatedLog} it hands a master's bytes to replication and takes them on a
 * slave, where the dispatcher builds the consume queues from them as from local appends.
 */
public final class CommitLogStore implements MessageStore, Journal, ReplicatedLog, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommitLogStore.class);

    private final StoreFiles files;
    private final StoreSettings settings;
    private final CommitLog log;
    private final ConsumeQueues queues;
    private final KeyIndex index;
    private final Checkpoint checkpoint;
    private final DiskGuard diskGuard;
    private final Dispatcher dispatcher;
    private final ScheduledExecutorService housekeeping;
    private final Recovery recovery;
    private final Retention retention;
    private final Arrivals arrivals;
    private final PendingTruncation pendingTruncation;
    /** Serialises checkpoints with truncations: a checkpoint must never claim offsets a truncation took back. */
    private final Object checkpointLock = new Object();
    private volatile LongSupplier acknowledgedOffset;

    private CommitLogStore(StoreFiles files, StoreSettings settings, CommitLog log, ConsumeQueues queues,
                           KeyIndex index, Checkpoint checkpoint, Recovery recovery, PendingTruncation pendingTruncation) {
        this.files = files;
        this.pendingTruncation = pendingTruncation;
        this.settings = settings;
        this.log = log;
        this.queues = queues;
        this.index = index;
        this.checkpoint = checkpoint;
        this.recovery = recovery;
        this.acknowledgedOffset = log::forcedOffset;
        this.diskGuard = new DiskGuard(files, settings.root(), settings.diskSpaceWarningLevelRatio());
        this.arrivals = new Arrivals(new Indexing(queues, index));
        this.dispatcher = new Dispatcher(log, arrivals, () -> acknowledgedOffset.getAsLong(), recovery.endOffset());
        this.retention = new Retention(log, queues, index, dispatcher::dispatchedOffset, settings.fileReservedTime(),
                Clock.systemUTC());
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ballast-store-housekeeping");
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens (and if needed recovers) the store at {@code settings.root()}. */
    public static CommitLogStore open(StoreFiles files, StoreSettings settings) throws IOException {
        boolean crashed = files.exists(settings.abortFile());
        files.open(settings.abortFile(), 8).close();
        Checkpoint checkpoint = Checkpoint.open(files, settings.checkpointFile());
        CommitLog log = new CommitLog(files, settings.commitLogDirectory(), settings.segmentSize(),
                settings.maxMessageSize(), settings.storeHost());
        ConsumeQueues queues = new ConsumeQueues(files, settings.consumeQueueDirectory(), settings.queueEntriesPerFile());
        KeyIndex index = KeyIndex.open(files, settings.root(), settings.indexSlots(), settings.indexEntries(), Clock.systemUTC());
        Recovery recovery = Recovery.run(log, queues, index, checkpoint, crashed);
        PendingTruncation pending = PendingTruncation.open(files, settings.pendingTruncationFile());
        CommitLogStore store = new CommitLogStore(files, settings, log, queues, index, checkpoint, recovery, pending);
        store.finishPendingTruncation();
        store.start();
        return store;
    }

    private void start() {
        diskGuard.sample();
        dispatcher.start();
        housekeeping.scheduleWithFixedDelay(this::writeCheckpoint, 1, 1, TimeUnit.SECONDS);
        housekeeping.scheduleWithFixedDelay(diskGuard::sample, 1, 1, TimeUnit.SECONDS);
        housekeeping.scheduleWithFixedDelay(retention::run, 10, 10, TimeUnit.SECONDS);
    }

    /** One retention pass now, on the caller's thread; the housekeeping thread runs one every 10 s. */
    int deleteExpired() {
        return retention.run();
    }

    /** What recovery found when the store was opened. */
    public Recovery recovery() {
        return recovery;
    }

    /**
     * Where consumers may read up to: the flush policy's acknowledged offset. Until a policy is
     * bound, only forced data is shown.
     */
    public void acknowledgedOffset(LongSupplier supplier) {
        this.acknowledgedOffset = supplier == null ? log::forcedOffset : supplier;
        dispatcher.wake();
    }

    @Override
    public AppendResult append(Message message) throws StoreException {
        diskGuard.requireSpace();
        AppendResult result = log.append(message);
        dispatcher.wake();
        return result;
    }

    @Override
    public AppendResult appendBatch(List<Message> messages) throws StoreException {
        diskGuard.requireSpace();
        AppendResult result = log.appendBatch(messages);
        dispatcher.wake();
        return result;
    }

    @Override
    public ReadResult read(String topic, int queueId, long queueOffset, int maxMessages, int maxBytes) {
        Optional<ConsumeQueue> found = queues.find(topic, queueId);
        if (found.isEmpty()) {
            return new ReadResult(ReadResult.Status.NO_SUCH_QUEUE, List.of(), 0, 0, 0);
        }
        ConsumeQueue queue = found.get();
        long min = queue.minOffset();
        long max = queue.maxOffset();
        if (queueOffset < min) {
            return new ReadResult(ReadResult.Status.OFFSET_TOO_SMALL, List.of(), min, min, max);
        }
        if (queueOffset == max) {
            return new ReadResult(ReadResult.Status.NO_NEW_MESSAGE, List.of(), queueOffset, min, max);
        }
        if (queueOffset > max) {
            return new ReadResult(ReadResult.Status.OFFSET_OVERFLOW_BADLY, List.of(), max, min, max);
        }
        List<StoredRecord> records = new ArrayList<>();
        int bytes = 0;
        long offset = queueOffset;
        while (offset < max && records.size() < Math.max(1, maxMessages)) {
            ConsumeQueue.Entry entry = queue.entry(offset);
            if (entry == null) {
                if (records.isEmpty()) {
                    // A hole below the max: an entry whose write has not landed. On a full disk the
                    // fault of a queue page reaches the dispatcher after the max has moved, and it
                    // rewrites the entry once space returns. Skipping it would lose the message for
                    // this consumer, so the read waits at the hole instead.
                    return new ReadResult(ReadResult.Status.NO_NEW_MESSAGE, List.of(), offset, min, max);
                }
                break;
            }
            if (!records.isEmpty() && bytes + entry.size() > maxBytes) {
                break;
            }
            ByteBuffer bytesOfRecord = log.read(entry.physicalOffset(), entry.size());
            if (bytesOfRecord == null) {
                if (records.isEmpty()) {
                    return new ReadResult(ReadResult.Status.OFFSET_FOUND_NULL, List.of(), offset + 1, min, max);
                }
                break;
            }
            records.add(new StoredRecord(offset, entry.physicalOffset(), entry.tagCode(), bytesOfRecord));
            bytes += entry.size();
            offset++;
        }
        if (records.isEmpty()) {
            return new ReadResult(ReadResult.Status.OFFSET_FOUND_NULL, List.of(), offset + 1, min, max);
        }
        return new ReadResult(ReadResult.Status.FOUND, records, offset, min, max);
    }

    @Override
    public long minQueueOffset(String topic, int queueId) {
        return queues.find(topic, queueId).map(ConsumeQueue::minOffset).orElse(0L);
    }

    @Override
    public long maxQueueOffset(String topic, int queueId) {
        return queues.find(topic, queueId).map(ConsumeQueue::maxOffset).orElse(0L);
    }

    @Override
    public Optional<StoredRecord> recordAt(long physicalOffset) {
        if (physicalOffset < log.minOffset() || physicalOffset >= dispatcher.dispatchedOffset()) {
            return Optional.empty(); // gone, or not visible yet
        }
        if (!(log.check(physicalOffset) instanceof RecordView.Valid valid)) {
            return Optional.empty(); // not the start of a record
        }
        RecordView view = valid.view();
        return Optional.of(new StoredRecord(view.queueOffset(), physicalOffset,
                Indexing.tagCode(view.properties().get(MessageProperties.TAGS)), view.bytes()));
    }

    @Override
    public List<StoredRecord> queryByKey(String topic, String key, int maxCount, long beginTimestamp, long endTimestamp) {
        // The index holds hashes only: ask for more candidates than wanted and keep the true matches.
        List<Long> candidates = index.query(topic, key, maxCount * 4 + 16, beginTimestamp, endTimestamp);
        List<StoredRecord> found = new ArrayList<>();
        for (long offset : candidates) {
            if (found.size() >= maxCount) {
                break;
            }
            recordAt(offset).ifPresent(record -> {
                RecordView view = RecordView.of(record.bytes());
                if (view.topic().equals(topic) && Indexing.hasKey(view.properties(), key)) {
                    found.add(record);
                }
            });
        }
        return found;
    }

    @Override
    public Watermarks watermarks() {
        return new Watermarks(log.writtenOffset(), log.forcedOffset(), dispatcher.dispatchedOffset());
    }

    @Override
    public void addArrivalListener(ArrivalListener listener) {
        arrivals.add(listener);
    }

    @Override
    public void removeArrivalListener(ArrivalListener listener) {
        arrivals.remove(listener);
    }

    @Override
    public void deleteTopic(String topic) throws IOException {
        queues.deleteTopic(topic);
    }

    @Override
    public long writtenOffset() {
        return log.writtenOffset();
    }

    @Override
    public long forcedOffset() {
        return log.forcedOffset();
    }

    @Override
    public long force() throws IOException {
        long forced = log.force();
        dispatcher.wake();
        return forced;
    }

    public boolean isReadOnly() {
        return log.isReadOnly();
    }

    /**
     * A truncation the last run started and may not have finished is done again, before the
     * dispatcher starts or anything is served. Recovery may have rebuilt queue entries past its
     * target meanwhile; discarding removes them again.
     */
    private void finishPendingTruncation() throws IOException {
        var target = pendingTruncation.target();
        if (target.isPresent()) {
            long offset = Math.max(log.minOffset(), Math.min(target.getAsLong(), log.writtenOffset()));
            LOG.warn("Finishing the truncation of the commitlog at {} that the last run started", target.getAsLong());
            discardFrom(offset, TruncationSteps.NONE);
            pendingTruncation.clear();
        }
    }

    @Override
    public long minOffset() {
        return log.minOffset();
    }

    @Override
    public long maxOffset() {
        return log.writtenOffset();
    }

    @Override
    public int segmentSize() {
        return log.segmentSize();
    }

    @Override
    public ByteBuffer read(long offset, int maxBytes) {
        return log.readWritten(offset, maxBytes);
    }

    @Override
    public void appendReplicated(long offset, ByteBuffer bytes) throws IOException {
        try {
            diskGuard.requireSpace();
        } catch (StoreException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (log.appendReplicated(offset, bytes.duplicate())) {
            dispatcher.skipTo(offset);
        }
        dispatcher.wake();
    }

    @Override
    public void truncate(long offset) throws IOException {
        truncate(offset, TruncationSteps.NONE);
    }

    /** Points inside a truncation where a test may cut the power. */
    interface TruncationSteps {
        TruncationSteps NONE = step -> { };

        /** Called after each step: "recorded", "entries", "commitlog", "checkpoint", "cleared". */
        void reached(String step) throws IOException;
    }

    void truncate(long offset, TruncationSteps steps) throws IOException {
        synchronized (checkpointLock) {
            if (offset < log.minOffset() || offset > log.writtenOffset()) {
                throw new IllegalArgumentException("cannot truncate at " + offset + ": the log holds ["
                        + log.minOffset() + ", " + log.writtenOffset() + ")");
            }
            pendingTruncation.record(offset);
            steps.reached("recorded");
            discardFrom(offset, steps);
            pendingTruncation.clear();
            steps.reached("cleared");
        }
        LOG.warn("Commitlog truncated at {}: everything from there on was discarded", offset);
    }

    /**
     * Discards every byte from {@code offset} on and every entry pointing there: queue and index
     * entries first (so no reader finds a record being zeroed), then the commitlog, then the
     * checkpoint moved back; each forced. Entries go from the start of the record holding
     * {@code offset}, since a record cut in two is no longer whole.
     */
    private void discardFrom(long offset, TruncationSteps steps) throws IOException {
        long boundary = log.recordStartAtOrBefore(offset);
        dispatcher.rewind(boundary, () -> {
            for (ConsumeQueue queue : queues.all()) {
                queue.truncateBeyond(boundary);
            }
            index.recover(boundary);
            queues.forceAll();
            index.force();
            steps.reached("entries");
            log.truncate(offset);
            steps.reached("commitlog");
            checkpoint.commitLogForcedOffset(Math.min(checkpoint.commitLogForcedOffset(), boundary));
            checkpoint.dispatchedForcedOffset(Math.min(checkpoint.dispatchedForcedOffset(), boundary));
            checkpoint.persist();
            steps.reached("checkpoint");
        });
    }

    /**
     * Records how far the commitlog is forced and how far the queues are dispatched and forced,
     * so the next recovery need check only what lies beyond. Runs every second on the
     * housekeeping thread; package-private so power-cut tests can place checkpoints.
     */
    void writeCheckpoint() {
        synchronized (checkpointLock) {
            writeCheckpointHeld();
        }
    }

    private void writeCheckpointHeld() {
        try {
            // Order matters: what the checkpoint claims must already be on disk.
            long dispatched = dispatcher.dispatchedOffset();
            long forced = log.forcedOffset();
            queues.forceAll();
            index.force();
            checkpoint.commitLogForcedOffset(forced);
            checkpoint.dispatchedForcedOffset(dispatched);
            checkpoint.physicMsgTimestamp(System.currentTimeMillis());
            checkpoint.persist();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Checkpoint not written: {}", e.toString());
        }
    }

    /**
     * Closes cleanly: everything written is forced, dispatched and checkpointed, and the abort
     * marker removed, so the next open has nothing to recover.
     */
    @Override
    public void close() {
        housekeeping.shutdownNow();
        try {
            housekeeping.awaitTermination(10, TimeUnit.SECONDS);
            if (!log.isReadOnly()) {
                log.force();
            }
            dispatcher.stop(Math.min(log.writtenOffset(), acknowledgedOffset.getAsLong()));
            writeCheckpoint();
            files.delete(settings.abortFile());
        } catch (IOException e) {
            LOG.error("Closing the store did not complete; the next start recovers: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            queues.close();
            index.close();
            log.close();
            checkpoint.close();
            pendingTruncation.close();
        }
    }
}
