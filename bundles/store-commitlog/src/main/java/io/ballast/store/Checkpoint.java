package io.ballast.store;

import io.ballast.store.io.StoreFile;
import io.ballast.store.io.StoreFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * The {@code store/checkpoint} file: how far the store knows its files are durable, so recovery
 * after a crash can start there instead of at the beginning.
 *
 * <pre>
 *  file (4096 bytes)
 *  +-------------------+-------------------+---------------------------------------------+
 *  | slot A  @0 (512)  | slot B @512 (512) | zeros                                       |
 *  +-------------------+-------------------+---------------------------------------------+
 *
 *  slot (big-endian; bytes 0..39 are RocketMQ's StoreCheckpoint layout)
 *   0  long physicMsgTimestamp       RocketMQ
 *   8  long logicsMsgTimestamp       RocketMQ
 *  16  long indexMsgTimestamp        RocketMQ
 *  24  long masterFlushedOffset      RocketMQ 5.x
 *  32  long confirmPhyOffset         RocketMQ 5.x
 *  40  long commitLogForcedOffset    every commitlog byte below it was forced; a record boundary
 *  48  long dispatchedForcedOffset   consume queues and index were dispatched and forced up to here
 *  56  long sequence                 1, 2, 3, ...: which slot is newer
 *  64  int  format                   1
 *  68  int  crc32                    CRC32 of bytes 0..67
 *  72  zeros
 * </pre>
 *
 * <p><b>Torn writes.</b> A power cut during a force can leave any part of the page written. Each
 * write goes to the slot that does <em>not</em> hold the last successfully forced checkpoint, and the
 * slots only swap roles after a force succeeds; so the slot holding the durable checkpoint is never
 * rewritten while it is the only durable copy, and a torn write can damage only the slot being
 * written, whose CRC then fails. Reading picks the valid slot with the highest sequence. With no
 * valid slot (a new file, a file RocketMQ wrote, or both slots damaged) every field reads as zero:
 * full recovery from the start of the commitlog, which is always correct, only slower. This relies
 * on a drive not damaging a 512-byte sector whose content it is not changing.
 *
 * <p>RocketMQ tools reading bytes 0..39 see slot A, which is at most one checkpoint older than the
 * newest: older checkpoints only make recovery start earlier.
 *
 * <p>Thread-safe: every method is synchronised on the checkpoint, so services that own different
 * fields (flush, dispatch, replication) may set them from their own threads.
 */
public final class Checkpoint implements Closeable {

    public static final int FILE_SIZE = 4096;
    static final int SLOT_SIZE = 512;
    static final int FORMAT = 1;
    private static final int CRC_POSITION = 68;
    private static final int ENCODED_SIZE = 72;

    private final StoreFile file;
    private long physicMsgTimestamp;
    private long logicsMsgTimestamp;
    private long indexMsgTimestamp;
    private long masterFlushedOffset;
    private long confirmPhyOffset;
    private long commitLogForcedOffset;
    private long dispatchedForcedOffset;
    private long sequence;
    /** The slot holding the newest checkpoint known to be durable; the other one is written. */
    private int durableSlot;
    /** Whether the written slot holds the fields of {@link #sequence} (and must be forced to count). */
    private boolean written;

    private Checkpoint(StoreFile file) {
        this.file = file;
    }

    /** Opens or creates the checkpoint and reads the newest valid slot, or all zeros if none is. */
    public static Checkpoint open(StoreFiles files, Path path) throws IOException {
        Checkpoint checkpoint = new Checkpoint(files.open(path, FILE_SIZE));
        checkpoint.load();
        return checkpoint;
    }

    private void load() {
        ByteBuffer a = file.slice(0, SLOT_SIZE);
        ByteBuffer b = file.slice(SLOT_SIZE, SLOT_SIZE);
        boolean aValid = isValid(a);
        boolean bValid = isValid(b);
        if (aValid && (!bValid || a.getLong(56) >= b.getLong(56))) {
            decode(a);
            durableSlot = 0;
        } else if (bValid) {
            decode(b);
            durableSlot = 1;
        } else {
            durableSlot = 1; // nothing durable: start writing at slot A
        }
    }

    private static boolean isValid(ByteBuffer slot) {
        return slot.getInt(64) == FORMAT && slot.getInt(CRC_POSITION) == crc(slot);
    }

    private static int crc(ByteBuffer slot) {
        CRC32 crc = new CRC32();
        crc.update(slot.duplicate().position(0).limit(CRC_POSITION));
        return (int) crc.getValue();
    }

    private void decode(ByteBuffer slot) {
        physicMsgTimestamp = slot.getLong(0);
        logicsMsgTimestamp = slot.getLong(8);
        indexMsgTimestamp = slot.getLong(16);
        masterFlushedOffset = slot.getLong(24);
        confirmPhyOffset = slot.getLong(32);
        commitLogForcedOffset = slot.getLong(40);
        dispatchedForcedOffset = slot.getLong(48);
        sequence = slot.getLong(56);
    }

    /**
     * Writes the current fields to the slot not holding the durable checkpoint; durable after
     * {@link #force()}. Writing again before a force overwrites the same slot.
     */
    public synchronized void write() {
        if (!written) {
            sequence++;
            written = true;
        }
        ByteBuffer slot = ByteBuffer.allocate(ENCODED_SIZE)
                .putLong(physicMsgTimestamp)
                .putLong(logicsMsgTimestamp)
                .putLong(indexMsgTimestamp)
                .putLong(masterFlushedOffset)
                .putLong(confirmPhyOffset)
                .putLong(commitLogForcedOffset)
                .putLong(dispatchedForcedOffset)
                .putLong(sequence)
                .putInt(FORMAT);
        slot.putInt(crc(slot)).flip();
        file.write((1 - durableSlot) * SLOT_SIZE, slot);
    }

    /**
     * Forces the written slot; once this returns it is the durable checkpoint and the next write
     * goes to the other slot. After an IOException the durable slot stays the older one.
     */
    public synchronized void force() throws IOException {
        file.force();
        if (written) {
            durableSlot = 1 - durableSlot;
            written = false;
        }
    }

    /** {@link #write()} then {@link #force()}. */
    public synchronized void persist() throws IOException {
        write();
        force();
    }

    /** 0 for a checkpoint never written, else 1 more for each checkpoint written and forced. */
    public synchronized long sequence() {
        return sequence;
    }

    public synchronized long physicMsgTimestamp() {
        return physicMsgTimestamp;
    }

    public synchronized void physicMsgTimestamp(long value) {
        physicMsgTimestamp = value;
    }

    public synchronized long logicsMsgTimestamp() {
        return logicsMsgTimestamp;
    }

    public synchronized void logicsMsgTimestamp(long value) {
        logicsMsgTimestamp = value;
    }

    public synchronized long indexMsgTimestamp() {
        return indexMsgTimestamp;
    }

    public synchronized void indexMsgTimestamp(long value) {
        indexMsgTimestamp = value;
    }

    public synchronized long masterFlushedOffset() {
        return masterFlushedOffset;
    }

    public synchronized void masterFlushedOffset(long value) {
        masterFlushedOffset = value;
    }

    public synchronized long confirmPhyOffset() {
        return confirmPhyOffset;
    }

    public synchronized void confirmPhyOffset(long value) {
        confirmPhyOffset = value;
    }

    /** Every commitlog byte below this offset was forced when the checkpoint was written. */
    public synchronized long commitLogForcedOffset() {
        return commitLogForcedOffset;
    }

    /** Must be a record boundary whose bytes below were all forced before this is written. */
    public synchronized void commitLogForcedOffset(long value) {
        commitLogForcedOffset = value;
    }

    /** Consume queues and index hold, forced, every record below this commitlog offset. */
    public synchronized long dispatchedForcedOffset() {
        return dispatchedForcedOffset;
    }

    /** Set only after the consume queues and index covering the records below were forced. */
    public synchronized void dispatchedForcedOffset(long value) {
        dispatchedForcedOffset = value;
    }

    @Override
    public synchronized void close() {
        file.close();
    }

    @Override
    public synchronized String toString() {
        return "Checkpoint[" + file.path() + " #" + sequence + " commitLogForced=" + commitLogForcedOffset
                + " dispatchedForced=" + dispatchedForcedOffset + "]";
    }
}
