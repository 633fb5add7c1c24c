package io.ballast.store.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * One fixed-size file of the store, as the store uses it: positional writes into the page cache,
 * reads as views of the same memory, and an explicit force. Every file the store owns (commitlog
 * and consume-queue segments, index files, the checkpoint) goes through this seam, so a test can
 * replace the disk with one that models exactly what a power cut keeps: forced bytes, any subset
 * of the unforced pages, and a torn page.
 *
 * <p>Files are zero-filled when created and never reused for other data, so a byte that never
 * reached the disk reads back as zero: recovery relies on that.
 *
 * <p>Implementations are thread-safe for writes to disjoint ranges and concurrent reads; the
 * store serialises writes to any one range.
 */
public interface StoreFile extends Closeable {

    Path path();

    /** The file's fixed size in bytes. */
    int size();

    /**
     * Copies the remaining bytes of {@code source} to {@code position}; the source's position is
     * not changed. The bytes are visible to {@link #slice} at once, durable only after a force.
     */
    void write(int position, ByteBuffer source);

    /**
     * A read-only view of {@code length} bytes from {@code position}. It may share memory with the
     * file (a mapping), so a pull can be sent without copying; it stays valid until the file is
     * closed.
     */
    ByteBuffer slice(int position, int length);

    /** Forces every byte written so far to the device. After an IOException nothing is promised. */
    void force() throws IOException;

    /**
     * Forces the bytes written to {@code [position, position + length)} (whole pages, so perhaps
     * a little more). Cheaper than {@link #force()} on a large mapping, where the kernel would
     * otherwise walk every page of it to find the few that are dirty.
     */
    void force(int position, int length) throws IOException;

    /** Releases the file; its views must no longer be used. */
    @Override
    void close();
}
