package io.ballast.store.queue;

import io.ballast.store.io.StoreFile;
import io.ballast.store.io.StoreFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The index of one topic-queue into the commitlog: entry n describes the queue's message n.
 *
 * <pre>
 * store/consumequeue/&lt;topic&gt;/&lt;queueId&gt;/00000000000000000000   entries [0, E)
 *                                        00000000000006000000   entries [E, 2E)   (name = byte offset = n * 20)
 *
 * entry (20 bytes): | long commitlog offset | int record size | long tag code |
 * </pre>
 *
 * Written by one thread (the dispatcher, or recovery before it starts); read by any. An entry is
 * complete in the mapping before {@link #maxOffset()} moves past it, so readers need no lock.
 * A zero-size entry is a hole: never written, or lost in a power cut.
 */
public final class ConsumeQueue {
    public static final int ENTRY_SIZE = 20;

    /** One entry: where a message is and its tag code. */
    public record Entry(long physicalOffset, int size, long tagCode) {
    }

    private final StoreFiles files;
    private final Path directory;
    private final String topic;
    private final int queueId;
    private final int entriesPerFile;
    private final ConcurrentSkipListMap<Long, StoreFile> segments = new ConcurrentSkipListMap<>();
    private final ByteBuffer entryBuffer = ByteBuffer.allocate(ENTRY_SIZE);
    private volatile long minOffset;
    private volatile long maxOffset;

    public ConsumeQueue(StoreFiles files, Path directory, String topic, int queueId, int entriesPerFile) {
        this.files = files;
        this.directory = directory;
        this.topic = topic;
        this.queueId = queueId;
        this.entriesPerFile = entriesPerFile;
    }

    public String topic() {
        return topic;
    }

    public int queueId() {
        return queueId;
    }

    /** Opens the existing files; the max offset is one past the last non-hole entry. */
    public void load() throws IOException {
        for (Path path : files.list(directory)) {
            String name = path.getFileName().toString();
            if (name.length() != 20 || !name.chars().allMatch(Character::isDigit)) {
                continue;
            }
            long byteOffset = Long.parseLong(name);
            if (byteOffset % ((long) entriesPerFile * ENTRY_SIZE) != 0) {
                continue;
            }
            segments.put(byteOffset / ENTRY_SIZE, files.open(path, entriesPerFile * ENTRY_SIZE));
        }
        if (segments.isEmpty()) {
            return;
        }
        minOffset = segments.firstKey();
        long last = minOffset - 1;
        for (Map.Entry<Long, StoreFile> segment : segments.descendingMap().entrySet()) {
            ByteBuffer view = segment.getValue().slice(0, segment.getValue().size());
            for (int i = entriesPerFile - 1; i >= 0; i--) {
                if (view.getInt(i * ENTRY_SIZE + 8) != 0) {
                    last = segment.getKey() + i;
                    break;
                }
            }
            if (last >= minOffset) {
                break;
            }
        }
        maxOffset = last + 1;
    }

    /** Writes entry {@code queueOffset}. Entries are written in queue order; rewriting one is harmless. */
    public void put(long queueOffset, long physicalOffset, int size, long tagCode) throws IOException {
        StoreFile file = fileFor(queueOffset, true);
        entryBuffer.clear();
        entryBuffer.putLong(physicalOffset).putInt(size).putLong(tagCode).flip();
        file.write(position(queueOffset), entryBuffer);
        if (queueOffset >= maxOffset) {
            maxOffset = queueOffset + 1;
        }
    }

    /** Entry {@code queueOffset}, or null if it is outside [min, max) or a hole. */
    public Entry entry(long queueOffset) {
        if (queueOffset < minOffset || queueOffset >= maxOffset) {
            return null;
        }
        StoreFile file;
        try {
            file = fileFor(queueOffset, false);
        } catch (IOException e) {
            return null;
        }
        if (file == null) {
            return null;
        }
        ByteBuffer entry = file.slice(position(queueOffset), ENTRY_SIZE);
        int size = entry.getInt(8);
        return size == 0 ? null : new Entry(entry.getLong(0), size, entry.getLong(12));
    }

    /**
     * Drops every entry from the end that is a hole or points at or past {@code commitLogEnd}:
     * after a crash the commitlog may be shorter than what the queue recorded.
     */
    public void truncateBeyond(long commitLogEnd) throws IOException {
        long keep = maxOffset;
        while (keep > minOffset) {
            Entry last = rawEntry(keep - 1);
            if (last != null && last.size() > 0 && last.physicalOffset() + last.size() <= commitLogEnd) {
                break;
            }
            keep--;
        }
        truncateTo(keep);
    }

    /** Zeroes entries from {@code nextOffset} on and deletes the files wholly past it. */
    public void truncateTo(long nextOffset) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(ENTRY_SIZE);
        for (long offset = nextOffset; offset < maxOffset; offset++) {
            StoreFile file = fileFor(offset, false);
            if (file != null) {
                file.write(position(offset), zeros.clear());
            }
        }
        for (Map.Entry<Long, StoreFile> segment : segments.tailMap(nextOffset, true).entrySet()) {
            if (segment.getKey() > segments.firstKey()) { // the first file stays, zeroed, to keep the min offset
                segments.remove(segment.getKey());
                segment.getValue().close();
                files.delete(segment.getValue().path());
            }
        }
        maxOffset = Math.max(nextOffset, minOffset);
    }

    private Entry rawEntry(long queueOffset) throws IOException {
        StoreFile file = fileFor(queueOffset, false);
        if (file == null) {
            return null;
        }
        ByteBuffer entry = file.slice(position(queueOffset), ENTRY_SIZE);
        return new Entry(entry.getLong(0), entry.getInt(8), entry.getLong(12));
    }

    /** Forces every file of the queue. */
    public void force() throws IOException {
        for (StoreFile file : segments.values()) {
            file.force();
        }
    }

    /**
     * Retention: deletes the oldest files whose every entry points below {@code commitLogMin},
     * keeping the file being written, and moves the min offset to the first entry still stored.
     */
    public void deleteBelow(long commitLogMin) throws IOException {
        while (segments.size() > 1) {
            Map.Entry<Long, StoreFile> oldest = segments.firstEntry();
            long lastInFile = oldest.getKey() + entriesPerFile - 1;
            Entry last = rawEntry(lastInFile);
            if (last == null || last.physicalOffset() + last.size() > commitLogMin) {
                break;
            }
            segments.remove(oldest.getKey());
            minOffset = segments.firstKey();
            oldest.getValue().close();
            files.delete(oldest.getValue().path());
        }
        long min = minOffset;
        while (min < maxOffset) {
            Entry entry = rawEntry(min);
            if (entry == null || entry.physicalOffset() >= commitLogMin) {
                break;
            }
            min++;
        }
        minOffset = min;
    }

    public long minOffset() {
        return minOffset;
    }

    /** One past the highest entry written: the queue's visible max offset. */
    public long maxOffset() {
        return maxOffset;
    }

    private StoreFile fileFor(long queueOffset, boolean create) throws IOException {
        long first = queueOffset - Math.floorMod(queueOffset, (long) entriesPerFile);
        StoreFile file = segments.get(first);
        if (file == null && create) {
            String name = String.format("%020d", first * ENTRY_SIZE);
            file = files.open(directory.resolve(name), entriesPerFile * ENTRY_SIZE);
            segments.put(first, file);
            if (segments.firstKey() == first) {
                minOffset = first;
            }
        }
        return file;
    }

    private int position(long queueOffset) {
        return (int) Math.floorMod(queueOffset, (long) entriesPerFile) * ENTRY_SIZE;
    }

    /** Closes the queue and deletes its files and directory. */
    public void deleteFiles() throws IOException {
        for (StoreFile file : segments.values()) {
            file.close();
            files.delete(file.path());
        }
        segments.clear();
        minOffset = maxOffset = 0;
        if (files.exists(directory)) {
            files.delete(directory);
        }
    }

    public void close() {
        for (StoreFile file : segments.values()) {
            file.close();
        }
        segments.clear();
    }
}
