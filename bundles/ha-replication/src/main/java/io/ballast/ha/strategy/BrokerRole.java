package io.ballast.ha.strategy;

import java.util.Optional;

/** RocketMQ's {@code brokerRole}: whether this broker is a master, and whether its sends wait for a slave. */
public enum BrokerRole {
    /** A master whose sends are answered without waiting for a slave. RocketMQ's default. */
    ASYNC_MASTER,
    /** A master whose sends are answered once a slave (or a quorum) holds their bytes. */
    SYNC_MASTER,
    /** A slave: it replicates, it does not answer sends. */
    SLAVE;

    /**
     * The role named in broker.conf, case and surrounding blanks ignored (the broker core reads
     * the key the same way), or empty if the value names none.
     */
    public static Optional<BrokerRole> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String name = value.trim();
        for (BrokerRole role : values()) {
            if (role.name().equalsIgnoreCase(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
