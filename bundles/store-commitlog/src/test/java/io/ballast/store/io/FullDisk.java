package io.ballast.store.io;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Real mapped files whose disk can be made full without root: {@link #fill} cuts each chosen file
 * back to the pages that hold data (the file stays mapped whole), so a store into any later page
 * raises SIGBUS, which the JVM turns into InternalError: the same fault, in the same places, as a
 * sparse page on a full file system (a read of a cut page faults too, where a real hole would read
 * zeros, so tests keep readers off them). {@link #free} gives the files their length back: the cut
 * pages read as zeros again, like blocks allocated once space is freed.
 */
public final class FullDisk implements StoreFiles {
    private static final int PAGE = 4096;

    private final MappedStoreFiles disk = new MappedStoreFiles();
    private final Map<Path, StoreFile> opened = new ConcurrentHashMap<>();

    @Override
    public StoreFile open(Path path, int size) throws IOException {
        return track(disk.open(path, size));
    }

    @Override
    public StoreFile openPreallocated(Path path, int size) throws IOException {
        return track(disk.openPreallocated(path, size));
    }

    private StoreFile track(StoreFile file) {
        opened.put(file.path(), file);
        return file;
    }

    /** Cuts every open file whose path matches back to its last page holding a non-zero byte. */
    public void fill(Predicate<Path> which) throws IOException {
        for (StoreFile file : List.copyOf(opened.values())) {
            if (which.test(file.path())) {
                setLength(file.path(), roundUpToPage(endOfData(file)));
            }
        }
    }

    /** Every open file whole again. */
    public void free() throws IOException {
        for (StoreFile file : List.copyOf(opened.values())) {
            setLength(file.path(), file.size());
        }
    }

    private static long endOfData(StoreFile file) {
        ByteBuffer view = file.slice(0, file.size());
        for (int i = view.limit() - 1; i >= 0; i--) {
            if (view.get(i) != 0) {
                return i + 1L;
            }
        }
        return 0;
    }

    private static long roundUpToPage(long length) {
        return (length + PAGE - 1) / PAGE * PAGE;
    }

    private static void setLength(Path path, long length) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            file.setLength(length);
        }
    }

    @Override
    public boolean exists(Path path) {
        return disk.exists(path);
    }

    @Override
    public List<Path> list(Path directory) throws IOException {
        return disk.list(directory);
    }

    @Override
    public List<Path> directories(Path directory) throws IOException {
        return disk.directories(directory);
    }

    @Override
    public void delete(Path path) throws IOException {
        opened.remove(path);
        disk.delete(path);
    }

    @Override
    public long usableSpace(Path path) throws IOException {
        return disk.usableSpace(path);
    }

    @Override
    public long totalSpace(Path path) throws IOException {
        return disk.totalSpace(path);
    }
}
