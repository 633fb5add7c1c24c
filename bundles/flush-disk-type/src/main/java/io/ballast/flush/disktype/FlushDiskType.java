package io.ballast.flush.disktype;

import java.util.Optional;

/** RocketMQ's {@code flushDiskType}: whether a send is answered before or after its bytes are forced. */
public enum FlushDiskType {
    /** Answer after the append; a background thread forces at an interval. RocketMQ's default. */
    ASYNC_FLUSH,
    /** Answer after a force covering the send has returned (group commit). */
    SYNC_FLUSH;

    /** The type named exactly as in broker.conf (surrounding blanks ignored), or empty if it names none. */
    public static Optional<FlushDiskType> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String name = value.trim();
        for (FlushDiskType type : values()) {
            if (type.name().equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
