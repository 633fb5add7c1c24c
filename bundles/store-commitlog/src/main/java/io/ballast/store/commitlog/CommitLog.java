package io.ballast.store.commitlog;

import io.ballast.spi.message.Message;
import io.ballast.spi.store.AppendResult;
import io.ballast.spi.store.StoreException;
import io.ballast.store.io.StoreFile;
import io.ballast.store.io.StoreFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only log of every message, in RocketMQ's layout:
 *
 * <pre>
 * store/commitlog/00000000000000000000   segment 0: records [0, S)
 *                 0000000000000S.......   segment 1: records [S, 2S)   (S = segment size)
 *
 * segment:  | record | record | ... | record | BLANK(n, 0xCBD43194) + padding |
 *                                            ^ when the next record (+8) does not fit
 * </pre>
 *
 * Offsets are commitlog byte offsets ({@code physicalOffset}); positions are offsets within one
 * segment. Three offsets only grow: {@code forced <= written}, and a record is whole in the
 * mapping before {@code written} moves past it, so a reader never sees a partial record below
 * {@code written}.
 *
 * <p>Appends are serialised by one short lock (encode into a buffer, copy into the mapping,
 * move {@code written}); reads take no lock. After a failed force the log is read-only for good
 * (fail-stop): no later append is accepted and no later force reports progress.
 */
public final class CommitLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommitLog.class);

    private final StoreFiles files;
    private final Path directory;
    private final int segmentSize;
    private final int maxMessageSize;
    private final InetSocketAddress storeHost;
    private final List<Segment> segments = new CopyOnWriteArrayList<>();
    private final QueueOffsets queueOffsets = new QueueOffsets();
    private final ReentrantLock appendLock = new ReentrantLock();
    private final ReentrantLock forceLock = new ReentrantLock();
    private final ByteBuffer encodeBuffer;
    private final Map<Long, Long> newestTimestamps = new ConcurrentHashMap<>();
    private final SegmentAllocator allocator;

    private volatile long writtenOffset;
    /**
     * The end of the last whole record (or closed segment) below {@code writtenOffset}. They are
     * equal for local appends; a slave's replicated bytes may end inside a record, and only whole
     * records are forced, so the forced offset (which the checkpoint records) stays a record
     * boundary, as recovery needs it.
     */
    private volatile long recordsEnd;
    private volatile long forcedOffset;
    private volatile IOException failure;

    /**
     * @param segmentSize    bytes per segment file (RocketMQ: 1 GiB)
     * @param maxMessageSize largest record (or batch of records) one append may write
     */
    public CommitLog(StoreFiles files, Path directory, int segmentSize, int maxMessageSize, InetSocketAddress storeHost) {
        if (maxMessageSize + MessageRecord.BLANK_SIZE > segmentSize) {
            throw new IllegalArgumentException("a segment of " + segmentSize + " bytes cannot hold a message of " + maxMessageSize);
        }
        this.files = files;
        this.directory = directory;
        this.segmentSize = segmentSize;
        this.maxMessageSize = maxMessageSize;
        this.storeHost = storeHost;
        this.encodeBuffer = ByteBuffer.allocate(maxMessageSize);
        this.allocator = new SegmentAllocator(files, directory, segmentSize);
    }

    /**
     * Opens the existing segments, checks the records from {@code trustedOffset} on (everything
     * below it was forced before the last checkpoint) and cuts the log at the first record that
     * is not whole. Each whole record from {@code trustedOffset} is handed to {@code replay} so
     * the consume queues can be rebuilt to match.
     */
    public RecoveryReport recover(long trustedOffset, RecordSink replay) throws IOException {
        List<Path> paths = files.list(directory);
        for (Path path : paths) {
            long base = parseBase(path);
            if (base < 0) {
                LOG.warn("Ignoring {}: not a commitlog segment name", path);
                continue;
            }
            if (!segments.isEmpty() && base != segments.get(segments.size() - 1).endOffset()) {
                LOG.error("Commitlog segment {} does not follow the one before it; segments from here on are ignored", path);
                break;
            }
            segments.add(new Segment(base, files.open(path, segmentSize)));
        }
        if (segments.isEmpty()) {
            writtenOffset = recordsEnd = forcedOffset = trustedOffset;
            allocator.prepare(nextSegmentBase(trustedOffset));
            return new RecoveryReport(trustedOffset, trustedOffset, 0, "empty log");
        }
        // The trusted offset is a record boundary; below the first segment (retention), start there.
        long offset = Math.max(segments.get(0).baseOffset(), Math.min(trustedOffset, segments.get(segments.size() - 1).endOffset()));
        int records = 0;
        String stop = "end of the log";
        while (true) {
            Segment segment = segmentFor(offset);
            if (segment == null) {
                break;
            }
            RecordView.Check check = RecordView.check(segment.file().slice(0, segment.file().size()), segment.position(offset), offset);
            if (check instanceof RecordView.Valid valid) {
                RecordView view = valid.view();
                queueOffsets.atLeast(view.topic(), view.queueId(), view.queueOffset() + 1);
                replay.accept(offset, view);
                offset += view.totalSize();
                records++;
            } else if (check instanceof RecordView.Blank) {
                offset = segment.endOffset();
            } else {
                if (check instanceof RecordView.Damaged damaged) {
                    stop = "damaged record at " + offset + " (" + damaged.reason() + ")";
                }
                break;
            }
        }
        long truncated = truncateFrom(offset);
        writtenOffset = recordsEnd = offset;
        forcedOffset = Math.min(trustedOffset, offset);
        allocator.prepare(segments.isEmpty() ? nextSegmentBase(offset) : segments.get(segments.size() - 1).endOffset());
        return new RecoveryReport(trustedOffset, offset, truncated, records + " records checked, stopped at " + stop);
    }

    /** At recovery: a queue whose entries the consume queues hold continues after {@code nextOffset}. */
    public void continueQueue(String topic, int queueId, long nextOffset) {
        appendLock.lock();
        try {
            queueOffsets.atLeast(topic, queueId, nextOffset);
        } finally {
            appendLock.unlock();
        }
    }

    /** What recovery found: the log now ends at {@code endOffset}. */
    public record RecoveryReport(long trustedOffset, long endOffset, long truncatedBytes, String detail) {
    }

    /** Receives each whole record during recovery, in commitlog order. */
    @FunctionalInterface
    public interface RecordSink {
        void accept(long physicalOffset, RecordView record) throws IOException;
    }

    /**
     * Zeroes everything from {@code offset} to the end of its segment and deletes the segments
     * after it, so bytes of a torn tail can never be read as a record later. Returns the number of
     * non-zero bytes removed.
     */
    private long truncateFrom(long offset) throws IOException {
        // Where the next append will need a new segment: the end of the one holding the offset,
        // or the offset itself when it falls on a boundary. A zero-filled segment there is the
        // one the last run had prepared: keep it for that, rather than delete and rewrite it.
        long nextNeeded = offset;
        for (int i = 0; i < segments.size(); i++) {
            Segment segment = segments.get(i);
            if (segment.contains(offset) && (segment.baseOffset() < offset || i == 0)) {
                nextNeeded = segment.endOffset(); // appends continue in this segment, kept below
            }
        }
        long removed = 0;
        for (int i = segments.size() - 1; i >= 0; i--) {
            Segment segment = segments.get(i);
            if (segment.baseOffset() > offset || (segment.baseOffset() == offset && i > 0)) {
                long junk = nonZeroBytes(segment.file(), 0);
                segments.remove(i);
                if (junk == 0 && segment.baseOffset() == nextNeeded) {
                    allocator.adopt(segment.baseOffset(), segment.file());
                } else {
                    removed += junk;
                    segment.file().close();
                    files.delete(segment.file().path());
                }
                continue;
            }
            int position = segment.position(Math.min(offset, segment.endOffset()));
            long junk = nonZeroBytes(segment.file(), position);
            if (junk > 0) {
                removed += junk;
                zero(segment.file(), position);
                segment.file().force();
            }
            break;
        }
        return removed;
    }

    /** Zeros to compare against: mismatch() over them is vectorized, a byte loop over 1 GiB took a second at every open. */
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 * 1024).asReadOnlyBuffer();

    private static long nonZeroBytes(StoreFile file, int from) {
        ByteBuffer view = file.slice(from, file.size() - from);
        long count = 0;
        while (view.hasRemaining()) {
            int length = Math.min(ZEROS.capacity(), view.remaining());
            ByteBuffer chunk = view.slice(view.position(), length);
            if (chunk.mismatch(ZEROS.duplicate().limit(length)) >= 0) {
                for (int i = 0; i < length; i++) {
                    if (chunk.get(i) != 0) {
                        count++;
                    }
                }
            }
            view.position(view.position() + length);
        }
        return count;
    }

    private static void zero(StoreFile file, int from) {
        ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
        for (int position = from; position < file.size(); position += zeros.capacity()) {
            int length = Math.min(zeros.capacity(), file.size() - position);
            file.write(position, zeros.duplicate().limit(length));
        }
    }

    /** Appends one message. */
    public AppendResult append(Message message) throws StoreException {
        return appendBatch(List.of(message));
    }

    /**
     * Appends messages of one topic and queue as one contiguous run in one segment, with
     * consecutive queue offsets; either all are written or none.
     */
    public AppendResult appendBatch(List<Message> messages) throws StoreException {
        if (messages.isEmpty()) {
            throw new StoreException(StoreException.Reason.MESSAGE_ILLEGAL, "empty batch");
        }
        List<MessageRecord.Encoded> encoded = new ArrayList<>(messages.size());
        int total = 0;
        String topic = messages.get(0).topic();
        int queueId = messages.get(0).queueId();
        for (Message message : messages) {
            if (!message.topic().equals(topic) || message.queueId() != queueId) {
                throw new StoreException(StoreException.Reason.MESSAGE_ILLEGAL, "a batch must go to one topic and queue");
            }
            try {
                MessageRecord.Encoded e = MessageRecord.encode(message, storeHost);
                encoded.add(e);
                total += e.size();
            } catch (IllegalArgumentException e) {
                throw new StoreException(StoreException.Reason.MESSAGE_ILLEGAL, e.getMessage());
            }
        }
        if (total > maxMessageSize) {
            throw new StoreException(StoreException.Reason.MESSAGE_ILLEGAL,
                    "message of " + total + " bytes is larger than maxMessageSize " + maxMessageSize);
        }
        appendLock.lock();
        long writtenBefore = writtenOffset;
        try {
            requireWritable();
            Segment segment = segmentWithRoomFor(total);
            long physicalOffset = writtenOffset;
            long queueOffset = queueOffsets.reserve(topic, queueId, messages.size());
            long storeTimestamp = System.currentTimeMillis();
            ByteBuffer buffer = encodeBuffer.clear();
            List<String> ids = new ArrayList<>(messages.size());
            long recordOffset = physicalOffset;
            for (int i = 0; i < encoded.size(); i++) {
                MessageRecord.Encoded e = encoded.get(i);
                MessageRecord.write(buffer, e, queueOffset + i, recordOffset, storeTimestamp, storeHost);
                ids.add(MessageIds.offsetMessageId(storeHost, recordOffset));
                recordOffset += e.size();
            }
            buffer.flip();
            segment.file().write(segment.position(physicalOffset), buffer);
            writtenOffset = recordsEnd = physicalOffset + total;
            return new AppendResult(physicalOffset, total, queueOffset, messages.size(), storeTimestamp, ids);
        } catch (InternalError e) {
            throw writeFaulted(e, writtenBefore);
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * A copy into the mapping faulted (SIGBUS, which the JVM raises as InternalError). Best effort
     * only: from compiled code the JVM delivers the error asynchronously, often after append has
     * returned (DiskFullTest, disabled, shows it), so this catches only faults delivered inside
     * the lock. The cause is a page with no block behind it on a full disk, which
     * preallocation should have ruled out (a copy-on-write file system allocates anyway). Which
     * bytes of the record landed is unknown, so the store fails stop, as after a failed force:
     * {@code written} goes back to where the append started, so the half-written record is never
     * dispatched, served or forced; the store is read-only for good, the send is answered
     * READ_ONLY, never SEND_OK; the next open's recovery cuts the torn tail. Refusing just this
     * append and carrying on was rejected: the next append would write into the same unbacked page,
     * and the one fail-stop model (forced or refused, nothing in between) keeps what the flush
     * policies and the tests already rely on. Under the append lock.
     */
    private StoreException writeFaulted(InternalError e, long writtenBefore) {
        writtenOffset = writtenBefore;
        recordsEnd = Math.min(recordsEnd, writtenBefore);
        Segment last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        Path path = last == null ? directory : last.file().path();
        fail(new IOException("a write into the mapped commitlog faulted (no disk block for the page: disk full?)", e), path);
        return new StoreException(StoreException.Reason.READ_ONLY, "the store is read-only: a commitlog write faulted (disk full?)", e);
    }

    /** The segment that holds {@code writtenOffset} and has room for {@code size} more bytes plus a BLANK marker. */
    private Segment segmentWithRoomFor(int size) throws StoreException {
        Segment current = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        if (current != null && current.endOffset() - writtenOffset >= size + MessageRecord.BLANK_SIZE) {
            return current;
        }
        long nextBase = writtenOffset;
        if (current != null && writtenOffset < current.endOffset()) {
            int position = current.position(writtenOffset);
            int left = current.file().size() - position;
            ByteBuffer blank = ByteBuffer.allocate(MessageRecord.BLANK_SIZE);
            MessageRecord.writeBlank(blank, left);
            current.file().write(position, blank.flip());
            nextBase = current.endOffset();
        }
        try {
            Segment next = new Segment(nextBase, allocator.take(nextBase));
            segments.add(next);
            writtenOffset = recordsEnd = nextBase;
            return next;
        } catch (IOException e) {
            fail(e, directory.resolve(Segment.fileName(nextBase)));
            throw new StoreException(StoreException.Reason.READ_ONLY, "cannot create commitlog segment: " + e.getMessage(), e);
        }
    }

    /**
     * Slave: writes bytes received from the master at {@code offset}, which must be the written
     * offset, within one segment; a segment is started when the bytes begin at its first offset,
     * exactly where the master started it. An empty log (no byte held: no segment yet, or one
     * truncated to its start) may start at any segment boundary, so a new slave, or one re-seeded
     * after falling behind its master's retention, begins at its master's oldest segment; the
     * zeroed segment it kept is deleted first. Serialised with local
     * appends by the append lock, so the two can never interleave.
     *
     * @return true if the bytes started an empty log at {@code offset}
     */
    public boolean appendReplicated(long offset, ByteBuffer bytes) throws IOException {
        appendLock.lock();
        try {
            IOException f = failure;
            if (f != null) {
                throw new IOException("the commitlog is read-only after an earlier I/O error", f);
            }
            boolean holdsNothing = writtenOffset == minOffset();
            boolean startsEmptyLog = holdsNothing && offset != writtenOffset && Math.floorMod(offset, (long) segmentSize) == 0;
            if (offset != writtenOffset && !startsEmptyLog) {
                throw new IllegalArgumentException("replicated bytes at " + offset + " but the log ends at " + writtenOffset);
            }
            int length = bytes.remaining();
            if (offset + length > nextSegmentOffset(offset)) {
                throw new IllegalArgumentException(length + " bytes at " + offset + " cross the end of segment "
                        + Segment.fileName(nextSegmentBase(offset)));
            }
            if (length == 0) {
                return false;
            }
            if (startsEmptyLog) {
                deleteEmptySegments();
                writtenOffset = recordsEnd = forcedOffset = offset;
            }
            Segment current = segments.isEmpty() ? null : segments.get(segments.size() - 1);
            if (current == null || !current.contains(offset)) {
                try {
                    current = new Segment(offset, allocator.take(offset));
                } catch (IOException e) {
                    fail(e, directory.resolve(Segment.fileName(offset)));
                    throw e;
                }
                segments.add(current);
            }
            long writtenBefore = writtenOffset;
            try {
                current.file().write(current.position(offset), bytes);
                writtenOffset = offset + length;
                recordsEnd = wholeRecordsEnd(recordsEnd, writtenOffset);
            } catch (InternalError e) {
                throw new IOException(writeFaulted(e, writtenBefore).getMessage(), e);
            }
            return startsEmptyLog;
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * The zeroed segments of a log that holds no byte (truncated to its start): the log restarts
     * elsewhere, and a segment left before it would break the contiguous file names. They hold
     * only zeros, so a crash between deletions leaves an empty log, as intended. Under the append lock.
     */
    private void deleteEmptySegments() throws IOException {
        forceLock.lock(); // a force must not meet a segment being deleted
        try {
            for (int i = segments.size() - 1; i >= 0; i--) {
                Segment segment = segments.remove(i);
                newestTimestamps.remove(segment.baseOffset());
                segment.file().close();
                files.delete(segment.file().path());
            }
        } finally {
            forceLock.unlock();
        }
    }

    /** Walks record headers from the boundary {@code from} to the last record (or closed segment) whole below {@code written}. */
    private long wholeRecordsEnd(long from, long written) {
        long at = from;
        while (true) {
            ByteBuffer header = read(at, MessageRecord.BLANK_SIZE);
            if (header == null) {
                return at;
            }
            if (header.getInt(MessageRecord.POS_MAGIC) == MessageRecord.BLANK_MAGIC) {
                long next = nextSegmentOffset(at);
                if (next > written) {
                    return at;
                }
                at = next;
                continue;
            }
            int size = header.getInt(MessageRecord.POS_TOTAL_SIZE);
            if (size < MessageRecord.BLANK_SIZE || at + size > written) {
                return at;
            }
            at += size;
        }
    }

    /**
     * Slave: discards every byte from {@code offset} on: zeroed in its segment, later segments
     * deleted, forced. The offset may fall inside a record; the written offset becomes
     * {@code offset}, the forced offset at most the start of that record.
     */
    public void truncate(long offset) throws IOException {
        appendLock.lock();
        forceLock.lock(); // a force must not meet a segment being deleted
        try {
            if (offset < minOffset() || offset > writtenOffset) {
                throw new IllegalArgumentException("cannot truncate at " + offset + ": the log holds [" + minOffset() + ", " + writtenOffset + ")");
            }
            long boundary = recordStartAtOrBefore(offset);
            // A segment prepared past the cut must not stay on disk after it: a gap in the file
            // names would hide the segments after it from recovery.
            allocator.discard();
            truncateFrom(offset);
            allocator.prepare(segments.isEmpty() ? nextSegmentBase(offset) : segments.get(segments.size() - 1).endOffset());
            newestTimestamps.keySet().removeIf(base -> base + segmentSize > offset);
            writtenOffset = offset;
            recordsEnd = boundary;
            forcedOffset = Math.min(forcedOffset, boundary);
        } finally {
            forceLock.unlock();
            appendLock.unlock();
        }
    }

    /**
     * The start of the record holding {@code offset}, or {@code offset} itself when a record (or a
     * segment) starts there. Walks the record headers of its segment from the segment start: only
     * for truncation, which is rare.
     */
    public long recordStartAtOrBefore(long offset) {
        Segment segment = segmentFor(offset);
        if (segment == null || segment.baseOffset() == offset) {
            return offset;
        }
        ByteBuffer data = segment.file().slice(0, segment.file().size());
        int limit = segment.position(offset);
        int position = 0;
        while (position < limit && position + MessageRecord.BLANK_SIZE <= data.limit()) {
            int size = data.getInt(position);
            if (data.getInt(position + MessageRecord.POS_MAGIC) == MessageRecord.BLANK_MAGIC || size < MessageRecord.BLANK_SIZE
                    || position + size > limit) {
                return segment.baseOffset() + position;
            }
            position += size;
        }
        return segment.baseOffset() + position;
    }

    /**
     * Up to {@code maxBytes} written bytes from {@code offset}, never past the end of its segment:
     * a read-only view for replication. Empty at the written offset.
     */
    public ByteBuffer readWritten(long offset, int maxBytes) {
        long written = writtenOffset;
        if (offset < minOffset() || offset > written) {
            throw new IllegalArgumentException("offset " + offset + " is outside the log [" + minOffset() + ", " + written + "]");
        }
        long length = Math.min(maxBytes, Math.min(written, nextSegmentOffset(offset)) - offset);
        Segment segment = segmentFor(offset);
        if (length <= 0 || segment == null) {
            return ByteBuffer.allocate(0).asReadOnlyBuffer();
        }
        return segment.file().slice(segment.position(offset), (int) length);
    }

    private void requireWritable() throws StoreException {
        IOException f = failure;
        if (f != null) {
            throw new StoreException(StoreException.Reason.READ_ONLY,
                    "the store is read-only after an I/O error: " + f.getMessage(), f);
        }
    }

    /**
     * Forces every byte written so far and returns the new forced offset. Concurrent callers are
     * serialised; a caller whose offset another force already covered returns at once.
     */
    public long force() throws IOException {
        forceLock.lock();
        try {
            IOException f = failure;
            if (f != null) {
                throw new IOException("the commitlog is read-only after an earlier I/O error", f);
            }
            long target = recordsEnd;
            if (target <= forcedOffset) {
                return forcedOffset;
            }
            long from = forcedOffset;
            for (Segment segment : segments) {
                if (segment.endOffset() > from && segment.baseOffset() < target) {
                    int start = segment.position(Math.max(from, segment.baseOffset()));
                    int end = segment.position(Math.min(target, segment.endOffset()));
                    try {
                        segment.file().force(start, end - start);
                    } catch (IOException e) {
                        fail(e, segment.file().path());
                        throw e;
                    }
                }
            }
            forcedOffset = target;
            return target;
        } finally {
            forceLock.unlock();
        }
    }

    private void fail(IOException e, Path path) {
        if (failure == null) {
            failure = e;
            LOG.error("I/O error on {}; the store is now read-only and accepts no more messages: {}", path, e.toString());
        }
    }

    /** A read-only view of the record of {@code size} bytes at {@code physicalOffset}, or null if that data is gone. */
    public ByteBuffer read(long physicalOffset, int size) {
        Segment segment = segmentFor(physicalOffset);
        if (segment == null || physicalOffset + size > segment.endOffset() || physicalOffset + size > writtenOffset) {
            return null;
        }
        return segment.file().slice(segment.position(physicalOffset), size);
    }

    /** What lies at {@code physicalOffset}: a record, the BLANK marker, or nothing yet. Used by the dispatcher. */
    public RecordView.Check check(long physicalOffset) {
        Segment segment = segmentFor(physicalOffset);
        if (segment == null) {
            return new RecordView.End();
        }
        return RecordView.check(segment.file().slice(0, segment.file().size()), segment.position(physicalOffset), physicalOffset);
    }

    /** Where the segment that will hold {@code offset} starts: offset itself at a boundary. */
    private long nextSegmentBase(long offset) {
        return offset - Math.floorMod(offset, (long) segmentSize);
    }

    /** The first offset of the segment after the one holding {@code physicalOffset}. */
    public long nextSegmentOffset(long physicalOffset) {
        return physicalOffset - Math.floorMod(physicalOffset, (long) segmentSize) + segmentSize;
    }

    private Segment segmentFor(long offset) {
        // Segments are contiguous and equal in size, so the index is arithmetic; retention may
        // remove the oldest meanwhile, so the answer is checked and, if it moved, looked up again.
        List<Segment> list = segments;
        try {
            long first = list.get(0).baseOffset();
            if (offset >= first) {
                Segment guess = list.get((int) ((offset - first) / segmentSize));
                if (guess.contains(offset)) {
                    return guess;
                }
            }
        } catch (IndexOutOfBoundsException e) {
            // empty, or beyond the last segment, or shifted under us: fall through
        }
        for (Segment segment : list) {
            if (segment.contains(offset)) {
                return segment;
            }
        }
        return null;
    }

    public long writtenOffset() {
        return writtenOffset;
    }

    public long forcedOffset() {
        return forcedOffset;
    }

    /** The lowest offset still stored. */
    public long minOffset() {
        List<Segment> snapshot = segments;
        return snapshot.isEmpty() ? writtenOffset : snapshot.get(0).baseOffset();
    }

    public boolean isReadOnly() {
        return failure != null;
    }

    public int segmentSize() {
        return segmentSize;
    }

    /**
     * Deletes the oldest segment if every byte of it lies below {@code keepFrom} and it is not
     * the segment being written. Returns whether one was deleted.
     */
    public boolean deleteOldestSegmentBelow(long keepFrom) throws IOException {
        if (segments.size() < 2) {
            return false;
        }
        Segment oldest = segments.get(0);
        if (oldest.endOffset() > keepFrom) {
            return false;
        }
        segments.remove(0);
        newestTimestamps.remove(oldest.baseOffset());
        oldest.file().close();
        files.delete(oldest.file().path());
        LOG.info("Deleted commitlog segment {}", oldest.file().path());
        return true;
    }

    /**
     * The store timestamp of the newest record in the oldest segment, for retention; -1 when
     * there is no full segment. A full segment never changes, so the walk over its record
     * headers is done once per segment and remembered.
     */
    public long oldestSegmentLastModified() {
        if (segments.size() < 2) {
            return -1;
        }
        Segment oldest = segments.get(0);
        return newestTimestamps.computeIfAbsent(oldest.baseOffset(), base -> {
            ByteBuffer data = oldest.file().slice(0, oldest.file().size());
            long newest = -1;
            int position = 0;
            while (position + MessageRecord.BLANK_SIZE <= data.limit()) {
                int size = data.getInt(position);
                int magic = data.getInt(position + MessageRecord.POS_MAGIC);
                if (size <= 0 || magic == MessageRecord.BLANK_MAGIC || position + size > data.limit()) {
                    break;
                }
                newest = Math.max(newest, RecordView.of(data.slice(position, size)).storeTimestamp());
                position += size;
            }
            return newest;
        });
    }

    @Override
    public void close() {
        allocator.close();
        for (Segment segment : segments) {
            segment.file().close();
        }
        segments.clear();
    }

    static long parseBase(Path path) {
        String name = path.getFileName().toString();
        if (name.length() != 20 || !name.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(name);
    }
}
