package io.ballast.store.index;

import io.ballast.store.io.StoreFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The message-key index behind QUERY_MESSAGE and "query by key": a rolling set of
 * {@link IndexFile}s, the newest written, the older ones full.
 *
 * <pre>
 *  store/index/
 *    20240501093000123   full       entries for commitlog offsets [b0, e0]
 *    20240501101502007   full       entries for commitlog offsets [b1, e1]   b1 >= e0
 *    20240501112233444   written    entries for commitlog offsets [b2, ...]  b2 >= e1
 * </pre>
 *
 * <p>A file is named for the local time it was created, {@code yyyyMMddHHmmssSSS} as RocketMQ
 * names them; a name is always later than the previous file's, even if the clock went back, so
 * name order is creation order and commitlog order. Keys are {@code topic#UNIQ_KEY} and
 * {@code topic#key} for each key of a message. A full file is forced before the next is
 * created, so only the newest file can hold unforced entries.
 *
 * <p>Recovery: after a crash, the index can point past the end of the commitlog, or hold entries
 * the dispatcher is about to add again. {@link #recover} drops entries at or past the offset the
 * dispatcher restarts from, so a key comes back once and never points at bytes a new record may
 * reuse. Callers must still verify candidates against the commitlog (hash collisions).
 *
 * <p>Thread-safety: one dispatcher thread puts; queries may run on any thread at the same time
 * (they read a snapshot of the file list); retention and recovery may run on other threads.
 * Changes to the file list are serialised on the index.
 */
public final class KeyIndex implements Closeable {

    public static final String DIRECTORY = "index";
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");
    private static final Pattern NAME_PATTERN = Pattern.compile("\\d{17}");

    private final StoreFiles storeFiles;
    private final Path directory;
    private final int slotCount;
    private final int maxEntries;
    private final Clock clock;
    /** Oldest first; replaced, never changed, so a query can read it without a lock. */
    private volatile List<IndexFile> files;

    private KeyIndex(StoreFiles storeFiles, Path directory, int slotCount, int maxEntries, Clock clock,
            List<IndexFile> files) {
        this.storeFiles = storeFiles;
        this.directory = directory;
        this.slotCount = slotCount;
        this.maxEntries = maxEntries;
        this.clock = clock;
        this.files = List.copyOf(files);
    }

    /** Opens the index in {@code <storeRoot>/index} with RocketMQ's file dimensions. */
    public static KeyIndex open(StoreFiles storeFiles, Path storeRoot) throws IOException {
        return open(storeFiles, storeRoot, IndexFile.DEFAULT_SLOT_COUNT, IndexFile.DEFAULT_MAX_ENTRIES,
                Clock.systemDefaultZone());
    }

    public static KeyIndex open(StoreFiles storeFiles, Path storeRoot, int slotCount, int maxEntries, Clock clock)
            throws IOException {
        IndexFile.fileSize(slotCount, maxEntries); // rejects bad dimensions before touching the disk
        Path directory = storeRoot.resolve(DIRECTORY);
        List<IndexFile> files = new ArrayList<>();
        for (Path path : storeFiles.list(directory)) {
            if (NAME_PATTERN.matcher(path.getFileName().toString()).matches()) {
                files.add(IndexFile.open(storeFiles, path, slotCount, maxEntries));
            }
        }
        return new KeyIndex(storeFiles, directory, slotCount, maxEntries, clock, files);
    }

    /** The key an entry is filed under. */
    public static String indexKey(String topic, String key) {
        return topic + '#' + key;
    }

    /**
     * Files {@code key} of {@code topic} for the record at {@code physicalOffset}, creating the
     * next file when the newest is full. Calls must come in commitlog order, from one thread.
     */
    public synchronized void put(String topic, String key, long physicalOffset, long storeTimestamp)
            throws IOException {
        String indexKey = indexKey(topic, key);
        IndexFile newest = files.isEmpty() ? roll() : files.get(files.size() - 1);
        if (!newest.put(indexKey, physicalOffset, storeTimestamp)) {
            newest.force();
            if (!roll().put(indexKey, physicalOffset, storeTimestamp)) {
                throw new IllegalStateException("a new index file refused its first entry");
            }
        }
    }

    private IndexFile roll() throws IOException {
        IndexFile created = IndexFile.open(storeFiles, directory.resolve(nextName()), slotCount, maxEntries);
        List<IndexFile> next = new ArrayList<>(files);
        next.add(created);
        files = List.copyOf(next);
        return created;
    }

    private String nextName() {
        LocalDateTime name = LocalDateTime.now(clock);
        if (!files.isEmpty()) {
            LocalDateTime last = LocalDateTime.parse(files.get(files.size() - 1).path().getFileName().toString(), NAME);
            if (!name.isAfter(last)) {
                name = last.plusNanos(1_000_000);
            }
        }
        return NAME.format(name);
    }

    /**
     * Commitlog offsets of up to {@code max} records that may carry {@code key} in {@code topic}
     * and were stored in {@code [beginTime, endTime]}, newest first. Candidates only: read each
     * record and check its topic and keys (see {@link IndexFile#candidates}).
     */
    public List<Long> query(String topic, String key, int max, long beginTime, long endTime) {
        String indexKey = indexKey(topic, key);
        List<IndexFile> snapshot = files;
        List<Long> offsets = new ArrayList<>();
        for (int i = snapshot.size() - 1; i >= 0 && offsets.size() < max; i--) {
            IndexFile file = snapshot.get(i);
            if (file.overlaps(beginTime, endTime)) {
                offsets.addAll(file.candidates(indexKey, beginTime, endTime, max - offsets.size()));
            }
        }
        return offsets;
    }

    /** Forces the newest file; the dispatcher calls it before it records an offset as dispatched. */
    public synchronized void force() throws IOException {
        if (!files.isEmpty()) {
            files.get(files.size() - 1).force();
        }
    }

    /**
     * Crash recovery: drops every entry at or past {@code physicalOffset}, deleting files that hold
     * only such entries (or none) and {@link IndexFile#recover recovering} the newest file that
     * remains, then forces it. Entries below {@code physicalOffset} must have been forced: pass the
     * checkpoint's dispatchedForcedOffset, and dispatch again from there.
     *
     * @return the number of entries dropped
     */
    public synchronized long recover(long physicalOffset) throws IOException {
        List<IndexFile> kept = new ArrayList<>(files);
        long dropped = 0;
        while (!kept.isEmpty()) {
            IndexFile newest = kept.get(kept.size() - 1);
            if (!newest.isEmpty() && newest.beginPhysicalOffset() < physicalOffset) {
                dropped += newest.recover(physicalOffset);
                newest.force();
                break;
            }
            dropped += newest.entries();
            kept.remove(kept.size() - 1);
            files = List.copyOf(kept);
            delete(newest);
        }
        return dropped;
    }

    /**
     * Retention: deletes the oldest files whose entries all point below {@code minPhysicalOffset},
     * the start of the oldest commitlog segment kept. The newest file is never deleted.
     *
     * @return the number of files deleted
     */
    public synchronized int deleteFilesBefore(long minPhysicalOffset) throws IOException {
        int deleted = 0;
        while (files.size() > 1 && files.get(0).endPhysicalOffset() < minPhysicalOffset) {
            IndexFile oldest = files.get(0);
            files = List.copyOf(files.subList(1, files.size()));
            delete(oldest);
            deleted++;
        }
        return deleted;
    }

    /** Removes the file after queries reading it have finished (close waits for them). */
    private void delete(IndexFile file) throws IOException {
        file.close();
        storeFiles.delete(file.path());
    }

    /** The index files, oldest first. */
    public List<Path> files() {
        return files.stream().map(IndexFile::path).toList();
    }

    @Override
    public synchronized void close() {
        files.forEach(IndexFile::close);
    }
}
