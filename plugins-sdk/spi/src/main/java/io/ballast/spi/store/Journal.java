package io.ballast.spi.store;

import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The part of a store that a flush policy drives: the commitlog's written and forced offsets,
 * and the force itself. A store registers its journal as a service; flush policies bind to it.
 * This is how the store stays ignorant of which policy is in charge.
 *
 * <p>Implementations are thread-safe. {@link #force()} may be called from any thread (a flush
 * policy's own, or a send thread racing a swap), by several at once, and concurrently with
 * appends; a force covers at least every byte written before it was called. A flush policy binds
 * it with a DS reference; when the store goes, the policies bound to it are deactivated first.
 */
@ConsumerType
public interface Journal {

    /** Commitlog offset just past the last byte appended. */
    long writtenOffset();

    /** Commitlog offset below which every byte is known to be on disk. */
    long forcedOffset();

    /**
     * Forces every byte written so far to disk and returns the new forced offset. After an
     * IOException the journal is read-only (fail-stop): no later force will report progress.
     * The journal logs that failure once, with the file and the cause; callers need not.
     */
    long force() throws IOException;
}
