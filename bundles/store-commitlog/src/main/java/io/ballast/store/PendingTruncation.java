package io.ballast.store;

import io.ballast.store.io.StoreFile;
import io.ballast.store.io.StoreFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The {@code store/truncate.pending} file: a truncation of the commitlog that was started and may
 * not have finished. It is recorded, forced, before the first byte is discarded and cleared,
 * forced, after the last; at open a recorded one is done again before anything is served, so a
 * crash halfway through a truncation never leaves part of the discarded range visible (RocketMQ
 * #10666).
 *
 * <pre>
 *  file (512 bytes: one sector, written whole or not at all)
 *   0  long target      discard every commitlog byte from here on
 *   8  long check       ~target; anything else (zeros: none pending, a torn write) means none
 *  16  zeros
 * </pre>
 *
 * Clearing overwrites the record with zeros rather than deleting the file, so a finished
 * truncation can never come back after a power cut and cut bytes replicated after it.
 */
final class PendingTruncation implements Closeable {
    static final int FILE_SIZE = 512;

    private final StoreFile file;

    private PendingTruncation(StoreFile file) {
        this.file = file;
    }

    static PendingTruncation open(StoreFiles files, Path path) throws IOException {
        return new PendingTruncation(files.open(path, FILE_SIZE));
    }

    /** The target of a truncation that was recorded and not cleared. */
    OptionalLong target() {
        ByteBuffer record = file.slice(0, 16);
        long target = record.getLong(0);
        return record.getLong(8) == ~target ? OptionalLong.of(target) : OptionalLong.empty();
    }

    /** Records, durably, that everything from {@code target} on is about to be discarded. */
    void record(long target) throws IOException {
        file.write(0, ByteBuffer.allocate(16).putLong(target).putLong(~target).flip());
        file.force();
    }

    /** Records, durably, that the truncation is complete. */
    void clear() throws IOException {
        file.write(0, ByteBuffer.allocate(16));
        file.force();
    }

    @Override
    public void close() {
        file.close();
    }
}
