package io.ballast.store.index;

import io.ballast.store.io.StoreFile;
import io.ballast.store.io.StoreFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * One RocketMQ index file, byte for byte: a hash table from message keys to commitlog offsets,
 * whose collisions and repeats are chained through the entries.
 *
 * <pre>
 *  +-------------------------- header, 40 bytes (big-endian) ---------------------------+
 *  | 0 long beginTimestamp | 8 long endTimestamp | 16 long beginPhyOffset               |
 *  | 24 long endPhyOffset  | 32 int hashSlotCount (slots in use) | 36 int indexCount    |
 *  +------------------------------------------------------------------------------------+
 *  | slots: slotCount x int, the number of the newest entry whose hash % slotCount is    |
 *  |        the slot's number; 0 = none                                                  |
 *  +------------------------------------------------------------------------------------+
 *  | entries: maxEntries x 20 bytes; entry 0 is never written, so number 0 means "none"  |
 *  |   0 int keyHash  |Math.abs(key.hashCode())|, 0 for Integer.MIN_VALUE                  |
 *  |   4 long physicalOffset of the record in the commitlog                             |
 *  |  12 int seconds since beginTimestamp (whole seconds, clamped to 0..Integer.MAX)    |
 *  |  16 int number of the previous entry in the same slot (0 = end of chain)          |
 *  +------------------------------------------------------------------------------------+
 *  indexCount is the next entry number: 1 in an empty file. With RocketMQ's 5,000,000
 *  slots and 20,000,000 entries the file is 420,000,040 bytes and holds 19,999,999 entries.
 * </pre>
 *
 * <p>Entries are appended in commitlog order by a single writer, so within a file their
 * physical offsets never decrease and a chain runs from newer to older entries. The file keeps
 * only a key's hash: {@link #candidates} returns every entry whose hash matches, and the caller
 * must read each candidate record from the commitlog and compare its keys.
 *
 * <p>Thread-safe: writes take a write lock, lookups and header reads a read lock, so lookups run
 * concurrently with each other and never see a half-written entry.
 */
public final class IndexFile implements Closeable {

    public static final int HEADER_SIZE = 40;
    public static final int SLOT_SIZE = 4;
    public static final int ENTRY_SIZE = 20;
    public static final int DEFAULT_SLOT_COUNT = 5_000_000;
    public static final int DEFAULT_MAX_ENTRIES = 20_000_000;
    private static final int NONE = 0;
    private static final int CHUNK = 64 * 1024;

    private final StoreFile file;
    private final ByteBuffer view;
    private final int slotCount;
    private final int maxEntries;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final ByteBuffer entryBuffer = ByteBuffer.allocate(ENTRY_SIZE);
    private final ByteBuffer slotBuffer = ByteBuffer.allocate(SLOT_SIZE);
    private final ByteBuffer headerBuffer = ByteBuffer.allocate(HEADER_SIZE);

    private long beginTimestamp;
    private long endTimestamp;
    private long beginPhysicalOffset;
    private long endPhysicalOffset;
    private int usedSlots;
    private int indexCount;
    private boolean closed;

    private IndexFile(StoreFile file, int slotCount, int maxEntries) {
        this.file = file;
        this.view = file.slice(0, file.size());
        this.slotCount = slotCount;
        this.maxEntries = maxEntries;
        beginTimestamp = view.getLong(0);
        endTimestamp = view.getLong(8);
        beginPhysicalOffset = view.getLong(16);
        endPhysicalOffset = view.getLong(24);
        usedSlots = view.getInt(32);
        indexCount = Math.min(Math.max(1, view.getInt(36)), maxEntries); // 0 in a file never put to
    }

    /**
     * Opens or creates an index file. An existing file must be opened with the slot and entry
     * counts it was created with: the file does not record them.
     */
    public static IndexFile open(StoreFiles files, Path path, int slotCount, int maxEntries) throws IOException {
        return new IndexFile(files.open(path, fileSize(slotCount, maxEntries)), slotCount, maxEntries);
    }

    public static int fileSize(int slotCount, int maxEntries) {
        if (slotCount < 1 || maxEntries < 2) {
            throw new IllegalArgumentException("need at least 1 slot and 2 entries (entry 0 is unused)");
        }
        long size = HEADER_SIZE + (long) slotCount * SLOT_SIZE + (long) maxEntries * ENTRY_SIZE;
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("an index file of " + size + " bytes is too large");
        }
        return (int) size;
    }

    /** RocketMQ's key hash: never negative. */
    static int keyHash(String key) {
        int hash = Math.abs(key.hashCode());
        return hash < 0 ? 0 : hash;
    }

    /**
     * Appends an entry for a key of the record at {@code physicalOffset}; false when the file is
     * full. Calls must come in commitlog order.
     */
    public boolean put(String key, long physicalOffset, long storeTimestamp) {
        lock.writeLock().lock();
        try {
            ensureOpen();
            if (indexCount >= maxEntries) {
                return false;
            }
            int hash = keyHash(key);
            int slotPosition = slotPosition(hash % slotCount);
            int newest = view.getInt(slotPosition);
            // A slot pointing at or past the next entry is left over from a crash: not a chain.
            int previous = newest <= NONE || newest >= indexCount ? NONE : newest;
            int entry = indexCount;
            entryBuffer.clear().putInt(hash).putLong(physicalOffset).putInt(secondsSinceBegin(storeTimestamp))
                    .putInt(previous).flip();
            file.write(entryPosition(entry), entryBuffer);
            slotBuffer.clear().putInt(entry).flip();
            file.write(slotPosition, slotBuffer);

            if (entry == 1) {
                beginTimestamp = storeTimestamp;
                beginPhysicalOffset = physicalOffset;
            }
            if (previous == NONE) {
                usedSlots++;
            }
            indexCount++;
            endTimestamp = storeTimestamp;
            endPhysicalOffset = physicalOffset;
            writeHeader();
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** As RocketMQ: 0 for the first entry, whose time becomes beginTimestamp. */
    private int secondsSinceBegin(long storeTimestamp) {
        if (beginTimestamp <= 0) {
            return 0;
        }
        long seconds = (storeTimestamp - beginTimestamp) / 1000;
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, seconds));
    }

    /**
     * The commitlog offsets of up to {@code max} entries whose key hash equals {@code key}'s and
     * whose time lies in {@code [beginTime, endTime]}, newest first. Times are known to the whole
     * second after beginTimestamp (rounded down), as in RocketMQ.
     *
     * <p>These are candidates, not answers: a different key with the same hash comes back too, so
     * the caller must read each record from the commitlog and keep it only if it carries the key.
     * An offset may also lie past the end of a commitlog cut short by a crash (see {@link #recover}).
     */
    public List<Long> candidates(String key, long beginTime, long endTime, int max) {
        lock.readLock().lock();
        try {
            List<Long> offsets = new ArrayList<>();
            if (closed || max <= 0) {
                return offsets;
            }
            int hash = keyHash(key);
            int entry = view.getInt(slotPosition(hash % slotCount));
            while (entry > NONE && entry < indexCount && offsets.size() < max) {
                int position = entryPosition(entry);
                long time = beginTimestamp + view.getInt(position + 12) * 1000L;
                if (view.getInt(position) == hash && time >= beginTime && time <= endTime) {
                    offsets.add(view.getLong(position + 4));
                }
                int previous = view.getInt(position + 16);
                if (time < beginTime || previous >= entry) {
                    break; // the chain only gets older; and a chain always runs downwards
                }
                entry = previous;
            }
            return offsets;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Whether any entry of this file may lie in {@code [beginTime, endTime]}. */
    public boolean overlaps(long beginTime, long endTime) {
        lock.readLock().lock();
        try {
            return indexCount > 1 && beginTime <= endTimestamp && endTime >= beginTimestamp;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Crash recovery: drops every entry at or past {@code physicalOffset} and rebuilds the slots
     * from the entries kept. Every entry below {@code physicalOffset} must have been forced (the
     * checkpoint's dispatchedForcedOffset); past them a crash may have left any mix of newer and
     * zeroed pages, which is why the slots are rebuilt rather than trusted. The kept entries are
     * the leading run whose offsets stay below {@code physicalOffset} and never decrease (a lost
     * page reads as offset 0 and ends the run). Dropped entries that can be found are zeroed. Not
     * forced: the caller forces.
     *
     * @return the number of entries the header counted that were dropped
     */
    public int recover(long physicalOffset) {
        lock.writeLock().lock();
        try {
            ensureOpen();
            int kept = 1;
            long previousOffset = Long.MIN_VALUE;
            while (kept < indexCount) {
                long offset = view.getLong(entryPosition(kept) + 4);
                if (offset >= physicalOffset || offset < previousOffset) {
                    break;
                }
                previousOffset = offset;
                kept++;
            }
            int dropped = indexCount - kept;
            zeroEntriesFrom(kept);
            rebuildSlots(kept);
            indexCount = kept;
            if (kept == 1) {
                beginTimestamp = endTimestamp = beginPhysicalOffset = endPhysicalOffset = 0;
            } else {
                endPhysicalOffset = previousOffset; // endTimestamp stays: still an upper bound
            }
            writeHeader();
            return dropped;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Zeroes entries from {@code first} through the header's count and any written run past it. */
    private void zeroEntriesFrom(int first) {
        int end = indexCount;
        while (end < maxEntries && !isZero(entryPosition(end), ENTRY_SIZE)) {
            end++;
        }
        zero(entryPosition(first), entryPosition(end));
    }

    private void rebuildSlots(int entryCount) {
        int[] slots = new int[slotCount];
        int used = 0;
        for (int entry = 1; entry < entryCount; entry++) {
            int slot = Math.floorMod(view.getInt(entryPosition(entry)), slotCount);
            if (slots[slot] == NONE) {
                used++;
            }
            slots[slot] = entry;
        }
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
        for (int first = 0; first < slotCount; first += CHUNK / SLOT_SIZE) {
            int count = Math.min(CHUNK / SLOT_SIZE, slotCount - first);
            chunk.clear();
            chunk.asIntBuffer().put(slots, first, count);
            chunk.limit(count * SLOT_SIZE);
            file.write(slotPosition(first), chunk);
        }
        usedSlots = used;
    }

    private boolean isZero(int position, int length) {
        for (int i = 0; i < length; i++) {
            if (view.get(position + i) != 0) {
                return false;
            }
        }
        return true;
    }

    private void zero(int from, int to) {
        ByteBuffer zeros = ByteBuffer.allocate(CHUNK);
        for (int position = from; position < to; position += CHUNK) {
            file.write(position, zeros.clear().limit(Math.min(CHUNK, to - position)));
        }
    }

    private void writeHeader() {
        headerBuffer.clear().putLong(beginTimestamp).putLong(endTimestamp).putLong(beginPhysicalOffset)
                .putLong(endPhysicalOffset).putInt(usedSlots).putInt(indexCount).flip();
        file.write(0, headerBuffer);
    }

    private int slotPosition(int slot) {
        return HEADER_SIZE + slot * SLOT_SIZE;
    }

    private int entryPosition(int entry) {
        return HEADER_SIZE + slotCount * SLOT_SIZE + entry * ENTRY_SIZE;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("index file " + file.path() + " is closed");
        }
    }

    public boolean isFull() {
        return read(() -> indexCount >= maxEntries);
    }

    /** Whether no entry was put. */
    public boolean isEmpty() {
        return read(() -> indexCount <= 1);
    }

    /** The number of entries put (the header's indexCount less one). */
    public int entries() {
        return read(() -> indexCount - 1);
    }

    /** The header's indexCount: the number the next entry gets. */
    public int indexCount() {
        return read(() -> indexCount);
    }

    /** The header's hashSlotCount: slots that head a chain. */
    public int usedSlots() {
        return read(() -> usedSlots);
    }

    public long beginTimestamp() {
        return read(() -> beginTimestamp);
    }

    public long endTimestamp() {
        return read(() -> endTimestamp);
    }

    public long beginPhysicalOffset() {
        return read(() -> beginPhysicalOffset);
    }

    public long endPhysicalOffset() {
        return read(() -> endPhysicalOffset);
    }

    public int slotCount() {
        return slotCount;
    }

    public int maxEntries() {
        return maxEntries;
    }

    public Path path() {
        return file.path();
    }

    private <T> T read(Supplier<T> header) {
        lock.readLock().lock();
        try {
            return header.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    public void force() throws IOException {
        file.force();
    }

    /** Waits for lookups in progress; later lookups find nothing. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            closed = true;
            file.close();
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "IndexFile[" + file.path() + " entries=" + entries() + "]";
    }
}
