package io.ballast.store.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Where the store's files live: the real file system or a simulated disk in tests. */
public interface StoreFiles {

    /**
     * Opens the file, creating it zero-filled with {@code size} bytes (and its directories) if it
     * does not exist. A new file's directory entry is made durable before this returns, so a
     * forced write to it survives a power cut.
     */
    StoreFile open(Path path, int size) throws IOException;

    /**
     * Like {@link #open}, but a new file gets its disk blocks now, written as zeros, instead of
     * being sparse. Writes through a mapping then never allocate: they cannot meet a full disk
     * (which kills the process with SIGBUS instead of returning an error), and a force has only
     * data to write, not block allocations (on the ext4 machine measured, a sparse mapped file's
     * 4 KiB force rate fell from about 3,800/s to 1,400/s within seconds; a filled one held
     * about 2,800/s). Costs one write of the whole file, so callers do it ahead of need.
     */
    StoreFile openPreallocated(Path path, int size) throws IOException;

    /** Whether a file exists at the path. */
    boolean exists(Path path);

    /** The regular files directly in a directory, sorted by name; empty if it does not exist. */
    List<Path> list(Path directory) throws IOException;

    /** The subdirectories directly in a directory, sorted by name; empty if it does not exist. */
    List<Path> directories(Path directory) throws IOException;

    /** Deletes a file that is closed; nothing if it does not exist. */
    void delete(Path path) throws IOException;

    /** Bytes free and total on the device holding the path, for the disk guard. */
    long usableSpace(Path path) throws IOException;

    long totalSpace(Path path) throws IOException;
}
