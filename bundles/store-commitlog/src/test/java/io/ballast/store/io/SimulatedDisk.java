package io.ballast.store.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * An in-memory {@link StoreFiles} that models what a power cut keeps, for store tests.
 *
 * <pre>
 *  per file:   page cache  [ page 0 | page 1 | page 2 | ... ]   what writes change, reads and slices see
 *              dirty        [   .   |   D    |   D    | ... ]   pages written since they were last forced
 *              device      [ page 0 | page 1 | page 2 | ... ]   what the last successful force left
 *
 *  crash(random), per file:  device
 *                            + each dirty page with probability 1/2 (the kernel may have written it back)
 *                            + possibly one torn dirty page: a prefix, or a set of 512-byte sectors, of it
 * </pre>
 *
 * <p>Pages are {@value #PAGE_SIZE} bytes. Slices are views of the page cache, so they see later
 * writes, as a mapping does. A file's directory entry is durable once {@link #open} returns (the
 * real implementation forces the directory), and so is a delete: {@link #crash} never loses a
 * created file and never brings back a deleted one. Disk space is not checked on writes (the real
 * files are sparse); {@link #capacity(long)} only changes what the space queries report, for
 * testing a disk guard.
 *
 * <p>A failed force (see {@link #failForces}) behaves like Linux after a write-back error: the dirty
 * pages are marked clean without reaching the device, so a later force succeeds and still leaves
 * them unwritten. A store must treat a failed force as fatal, never as "retry and trust".
 *
 * <p>Everything is deterministic given the {@link Random} passed to {@link #crash}. Thread-safe:
 * writes and forces of one file are serialised on that file, the directory on the disk; slices are
 * read without locking, like a mapping.
 */
public final class SimulatedDisk implements StoreFiles {

    public static final int PAGE_SIZE = 4096;
    public static final int SECTOR_SIZE = 512;

    private final Map<Path, DiskFile> files = new TreeMap<>();
    private final TreeSet<Path> directories = new TreeSet<>();
    private long capacity = 1L << 40;
    private Predicate<Path> forceFails = path -> false;

    /** Sets the device size the space queries report; usable space is this minus the files' sizes. */
    public synchronized SimulatedDisk capacity(long bytes) {
        this.capacity = bytes;
        return this;
    }

    /**
     * Makes every force for which {@code fails} answers true throw an IOException (and drop the
     * dirty pages, see the class comment). The predicate sees the file's path and is asked once per
     * force, in order, so it may count.
     */
    public synchronized SimulatedDisk failForces(Predicate<Path> fails) {
        this.forceFails = fails;
        return this;
    }

    /** Lets the next {@code successfulForces} forces (of any file) succeed and fails every later one. */
    public SimulatedDisk failForcesAfter(int successfulForces) {
        int[] left = {successfulForces};
        return failForces(path -> left[0]-- <= 0);
    }

    private synchronized boolean forceFails(Path path) {
        return forceFails.test(path);
    }

    @Override
    public synchronized StoreFile open(Path path, int size) {
        Path key = path.normalize();
        DiskFile file = files.get(key);
        if (file == null) {
            file = new DiskFile(size);
            files.put(key, file);
            for (Path dir = key.getParent(); dir != null; dir = dir.getParent()) {
                directories.add(dir);
            }
        } else {
            file.growTo(size);
        }
        return new Handle(key, file, size);
    }

    /** The simulated disk never runs out of blocks under a write: preallocation is plain open. */
    @Override
    public StoreFile openPreallocated(Path path, int size) {
        return open(path, size);
    }

    @Override
    public synchronized boolean exists(Path path) {
        Path key = path.normalize();
        return files.containsKey(key) || directories.contains(key);
    }

    @Override
    public synchronized List<Path> list(Path directory) {
        Path dir = directory.normalize();
        return files.keySet().stream().filter(p -> dir.equals(p.getParent())).sorted().toList();
    }

    @Override
    public synchronized List<Path> directories(Path directory) {
        Path dir = directory.normalize();
        return directories.stream().filter(p -> dir.equals(p.getParent())).sorted().toList();
    }

    @Override
    public synchronized void delete(Path path) throws IOException {
        Path key = path.normalize();
        if (files.remove(key) != null) {
            return;
        }
        if (directories.contains(key)) {
            boolean empty = files.keySet().stream().noneMatch(p -> p.startsWith(key))
                    && directories.stream().noneMatch(p -> !p.equals(key) && p.startsWith(key));
            if (!empty) {
                throw new DirectoryNotEmptyException(key.toString());
            }
            directories.remove(key);
        }
    }

    @Override
    public synchronized long usableSpace(Path path) {
        long used = files.values().stream().mapToLong(f -> f.size()).sum();
        return Math.max(0, capacity - used);
    }

    @Override
    public synchronized long totalSpace(Path path) {
        return capacity;
    }

    /**
     * What a power cut at this moment could leave, as a new disk whose page cache equals its device
     * and whose forces succeed. This disk is not changed.
     */
    public synchronized SimulatedDisk crash(Random random) {
        // One draw, mixed: the first outputs of java.util.Random for neighbouring seeds are alike,
        // so seeds 0, 1, 2, ... would otherwise all make the same first choices.
        SplittableRandom choices = new SplittableRandom(random.nextLong());
        SimulatedDisk after = new SimulatedDisk();
        after.capacity = capacity;
        after.directories.addAll(directories);
        files.forEach((path, file) -> after.files.put(path, file.crash(choices)));
        return after;
    }

    /** A copy of the bytes reads see now. */
    public synchronized byte[] pageCache(Path path) {
        return existing(path).pageCacheCopy();
    }

    /** A copy of the bytes that survived the last successful force. */
    public synchronized byte[] device(Path path) {
        return existing(path).deviceCopy();
    }

    /** The numbers of the pages written since they were last forced. */
    public synchronized List<Integer> dirtyPages(Path path) {
        return existing(path).dirtyPages();
    }

    private DiskFile existing(Path path) {
        DiskFile file = files.get(path.normalize());
        if (file == null) {
            throw new IllegalArgumentException("no file " + path);
        }
        return file;
    }

    /** One file's state: shared by every handle opened on it, like an inode. */
    private static final class DiskFile {
        private byte[] pageCache;
        private byte[] device;
        private final BitSet dirty = new BitSet();

        DiskFile(int size) {
            this.pageCache = new byte[size];
            this.device = new byte[size];
        }

        private DiskFile(byte[] content) {
            this.pageCache = content.clone();
            this.device = content.clone();
        }

        synchronized int size() {
            return pageCache.length;
        }

        /** Views from handles opened before a growth keep the old, smaller array and go stale. */
        synchronized void growTo(int size) {
            if (size > pageCache.length) {
                pageCache = Arrays.copyOf(pageCache, size);
                device = Arrays.copyOf(device, size);
            }
        }

        synchronized byte[] pageCache() {
            return pageCache;
        }

        synchronized void write(int position, ByteBuffer source) {
            int length = source.remaining();
            source.duplicate().get(pageCache, position, length);
            if (length > 0) {
                dirty.set(position / PAGE_SIZE, (position + length - 1) / PAGE_SIZE + 1);
            }
        }

        synchronized void force(boolean fails, Path path) throws IOException {
            force(fails, path, 0, pageCache.length);
        }

        /** Writes back the dirty pages that overlap {@code [position, position + length)}. */
        synchronized void force(boolean fails, Path path, int position, int length) throws IOException {
            int firstPage = position / PAGE_SIZE;
            int endPage = length == 0 ? firstPage : (position + length - 1) / PAGE_SIZE + 1;
            if (fails) {
                dirty.clear(firstPage, endPage);
                throw new IOException("simulated write-back error forcing " + path);
            }
            for (int page = dirty.nextSetBit(firstPage); page >= 0 && page < endPage; page = dirty.nextSetBit(page + 1)) {
                int start = page * PAGE_SIZE;
                System.arraycopy(pageCache, start, device, start, pageLength(start));
            }
            dirty.clear(firstPage, endPage);
        }

        synchronized DiskFile crash(SplittableRandom random) {
            byte[] survived = device.clone();
            List<Integer> dirtyPages = dirtyPages();
            for (int page : dirtyPages) {
                if (random.nextBoolean()) {
                    int start = page * PAGE_SIZE;
                    System.arraycopy(pageCache, start, survived, start, pageLength(start));
                }
            }
            if (!dirtyPages.isEmpty() && random.nextBoolean()) {
                tear(dirtyPages.get(random.nextInt(dirtyPages.size())), survived, random);
            }
            return new DiskFile(survived);
        }

        /** The page holds its device content overlaid with part of its new content. */
        private void tear(int page, byte[] survived, SplittableRandom random) {
            int start = page * PAGE_SIZE;
            int length = pageLength(start);
            System.arraycopy(device, start, survived, start, length);
            if (random.nextBoolean()) {
                int prefix = random.nextInt(length);
                System.arraycopy(pageCache, start, survived, start, prefix);
            } else {
                for (int sector = 0; sector < length; sector += SECTOR_SIZE) {
                    if (random.nextBoolean()) {
                        System.arraycopy(pageCache, start + sector, survived, start + sector,
                                Math.min(SECTOR_SIZE, length - sector));
                    }
                }
            }
        }

        private int pageLength(int start) {
            return Math.min(PAGE_SIZE, pageCache.length - start);
        }

        synchronized List<Integer> dirtyPages() {
            List<Integer> pages = new ArrayList<>();
            dirty.stream().forEach(pages::add);
            return pages;
        }

        synchronized byte[] pageCacheCopy() {
            return pageCache.clone();
        }

        synchronized byte[] deviceCopy() {
            return device.clone();
        }
    }

    private final class Handle implements StoreFile {
        private final Path path;
        private final DiskFile file;
        private final int size;

        Handle(Path path, DiskFile file, int size) {
            this.path = path;
            this.file = file;
            this.size = size;
        }

        @Override
        public Path path() {
            return path;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public void write(int position, ByteBuffer source) {
            Objects.checkFromIndexSize(position, source.remaining(), size);
            file.write(position, source);
        }

        @Override
        public ByteBuffer slice(int position, int length) {
            Objects.checkFromIndexSize(position, length, size);
            return ByteBuffer.wrap(file.pageCache(), position, length).slice().asReadOnlyBuffer();
        }

        @Override
        public void force() throws IOException {
            file.force(forceFails(path), path);
        }

        @Override
        public void force(int position, int length) throws IOException {
            file.force(forceFails(path), path, position, length);
        }

        @Override
        public void close() {
            // The page cache outlives a handle, as it does for a real file.
        }

        @Override
        public String toString() {
            return "simulated:" + path;
        }
    }
}
