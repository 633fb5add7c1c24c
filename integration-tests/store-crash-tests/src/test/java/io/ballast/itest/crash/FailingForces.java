package io.ballast.itest.crash;

import io.ballast.store.io.MappedStoreFiles;
import io.ballast.store.io.StoreFile;
import io.ballast.store.io.StoreFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Real files, whose forces start failing when told to: what a dying disk or a full thin-
 * provisioned volume does to fsync. Everything else goes to {@link MappedStoreFiles}.
 */
final class FailingForces implements StoreFiles {
    private final StoreFiles disk = new MappedStoreFiles();
    private final AtomicBoolean failing = new AtomicBoolean();

    /** From now on every force of every file throws. */
    void startFailing() {
        failing.set(true);
    }

    @Override
    public StoreFile open(Path path, int size) throws IOException {
        return failing(disk.open(path, size));
    }

    @Override
    public StoreFile openPreallocated(Path path, int size) throws IOException {
        return failing(disk.openPreallocated(path, size));
    }

    private StoreFile failing(StoreFile file) {
        return new StoreFile() {
            @Override
            public Path path() {
                return file.path();
            }

            @Override
            public int size() {
                return file.size();
            }

            @Override
            public void write(int position, ByteBuffer source) {
                file.write(position, source);
            }

            @Override
            public ByteBuffer slice(int position, int length) {
                return file.slice(position, length);
            }

            @Override
            public void force() throws IOException {
                failIfTold();
                file.force();
            }

            @Override
            public void force(int position, int length) throws IOException {
                failIfTold();
                file.force(position, length);
            }

            private void failIfTold() throws IOException {
                if (failing.get()) {
                    throw new IOException("Input/output error (injected) forcing " + file.path());
                }
            }

            @Override
            public void close() {
                file.close();
            }
        };
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
