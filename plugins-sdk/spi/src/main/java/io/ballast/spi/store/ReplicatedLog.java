package io.ballast.spi.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The commitlog as raw bytes, for master/slave replication. A master's replication link reads
 * written bytes from it and streams them; a slave's link appends what it receives at exactly the
 * offset the master sent it from, so both commitlogs stay byte-identical, and the slave's store
 * builds its consume queues and index from those bytes as from its own appends. Master and slave
 * must use the same segment size ({@code mappedFileSizeCommitLog}).
 *
 * <p>A store registers this service next to its {@link MessageStore}. Implementations are
 * thread-safe; on a slave, one link appends at a time.
 */
@ConsumerType
public interface ReplicatedLog {

    /** The lowest commitlog offset still stored (retention moves it up). */
    long minOffset();

    /** The offset just past the last byte written (on a slave: received). */
    long maxOffset();

    /** The segment size: no read crosses a multiple of it, and master and slave must agree on it. */
    int segmentSize();

    /**
     * Up to {@code maxBytes} of written bytes from {@code offset}, never crossing a segment end: a
     * read-only view (it may be a slice of a mapped file). Empty when {@code offset == maxOffset()}.
     * Records may be cut at the end of the view; the segment's closing BLANK marker and the zeros
     * after it are part of the bytes (a slave needs them to end its segment at the same place).
     *
     * @throws IllegalArgumentException if {@code offset} is below {@link #minOffset()} or above
     *                                  {@link #maxOffset()}
     */
    ByteBuffer read(long offset, int maxBytes);

    /**
     * Slave: appends {@code bytes} at {@code offset}, which must equal {@link #maxOffset()} — except
     * on an empty log (no byte held, as after {@code truncate(minOffset())}), which takes its first
     * bytes at any segment start (a new or re-seeded slave is fed from its master's earliest
     * retained offset, which retention may have moved past 0). A record may
     * arrive split over several calls. The bytes are in the page cache when this
     * returns (forced by the slave's flush policy like any write). Whole records among them become
     * visible to the slave's consumers as they are dispatched.
     *
     * @throws IllegalArgumentException if {@code offset != maxOffset()} or the bytes would cross a
     *                                  segment end
     * @throws IOException              if the store cannot write them (read-only after a failure)
     */
    void appendReplicated(long offset, ByteBuffer bytes) throws IOException;

    /**
     * Slave: discards every byte from {@code offset} on, with the consume-queue and index entries
     * that point there, forced before it returns: after a crash during or after it, the store never
     * shows the discarded bytes again (RocketMQ #10666). Used when the slave's log diverged from
     * its master's, and with {@code offset == minOffset()} to empty the log of a slave that fell
     * behind its master's retention, before it is re-seeded.
     */
    void truncate(long offset) throws IOException;
}
