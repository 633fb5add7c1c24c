package io.ballast.ha.link;

import io.ballast.spi.store.ReplicatedLog;
import java.util.List;

/**
 * Where a slave resumes, decided by the master from the slave's hello: stream from an offset both
 * logs agree on, or truncate first (RocketMQ #10666: a slave must never keep bytes its master
 * never had, or the two logs differ forever after the same offset), or, when the slave fell behind
 * the master's retention (the bytes it needs next were deleted), re-seed: the slave empties its
 * log and starts again from the master's earliest retained offset.
 *
 * <p>The slave's blocks are checked in ascending order. Every block up to the first mismatch is
 * common to both logs, so the end of the last matching one is a safe truncation point. When not
 * even the first block matches, the slave truncates to that block's start (or the master's max
 * offset, if lower) and says hello again: each round moves back by up to
 * {@value LinkProtocol#MAX_BLOCKS} blocks until a block matches or the slave's log is empty. A
 * divergence is a tail the master never had (an old master's unreplicated writes), so a matching
 * block means the bytes below it match too.
 */
record ResumePoint(Kind kind, long offset) {
    enum Kind { STREAM, TRUNCATE, RESEED }

    static ResumePoint stream(long offset) {
        return new ResumePoint(Kind.STREAM, offset);
    }

    static ResumePoint truncate(long offset) {
        return new ResumePoint(Kind.TRUNCATE, offset);
    }

    /** Empty the log, then stream from {@code masterMin} (the master's earliest retained offset). */
    static ResumePoint reseed(long masterMin) {
        return new ResumePoint(Kind.RESEED, masterMin);
    }

    static ResumePoint decide(ReplicatedLog master, long slaveMax, List<LogBlock> slaveBlocks) {
        long min = master.minOffset();
        long max = master.maxOffset();
        if (slaveBlocks.isEmpty()) {
            // An empty slave: from where it stands if the master has that offset, else from the earliest byte retained.
            return stream(slaveMax >= min && slaveMax <= max ? slaveMax : min);
        }
        long agreed = -1;
        for (LogBlock block : slaveBlocks) {
            boolean belowRetention = block.start() < min && block.end() <= max; // cannot be checked; the master dropped it
            if (!belowRetention && !LogBlocks.holds(master, block)) {
                if (agreed >= 0) {
                    return truncate(agreed);
                }
                return truncate(Math.min(block.start(), max));
            }
            agreed = block.end();
        }
        if (slaveMax < min) {
            return reseed(min); // behind retention: the bytes it needs next are gone
        }
        return stream(slaveMax);
    }
}
