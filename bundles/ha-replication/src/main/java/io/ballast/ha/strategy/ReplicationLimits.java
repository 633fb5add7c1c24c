package io.ballast.ha.strategy;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The limits a waiting strategy applies, resolved from {@link ReplicationConfig}. Immutable.
 *
 * @param slaveTimeout     how long a send waits for its acks before FLUSH_SLAVE_TIMEOUT
 * @param maxGapNotInSync  a slave whose ack is further than this below a send's end offset is
 *                         not in sync for that send
 */
public record ReplicationLimits(Duration slaveTimeout, long maxGapNotInSync) {
    /** RocketMQ's default for haMaxGapNotInSync and haSlaveFallbehindMax: 256 MiB. */
    private static final Logger LOG = LoggerFactory.getLogger(ReplicationLimits.class);

    public static final long DEFAULT_MAX_GAP = 256L * 1024 * 1024;

    public ReplicationLimits {
        if (slaveTimeout.isNegative() || slaveTimeout.isZero()) {
            throw new IllegalArgumentException("slaveTimeout must be positive, was " + slaveTimeout.toMillis() + " ms");
        }
        if (maxGapNotInSync < 0) {
            throw new IllegalArgumentException("haMaxGapNotInSync must not be negative, was " + maxGapNotInSync);
        }
    }

    /** RocketMQ's default for slaveTimeout: 3 s. */
    public static final long DEFAULT_SLAVE_TIMEOUT_MILLIS = 3000;

    /** The configured limits; a value out of range is logged and replaced by its default, so a typo cannot stop replication. */
    static ReplicationLimits of(ReplicationConfig config) {
        long timeoutMillis = config.slaveTimeout();
        if (timeoutMillis < 1) {
            LOG.error("slaveTimeout = {} in {}.cfg is not a positive number of milliseconds; using {}",
                    timeoutMillis, ReplicationConfig.BROKER_PID, DEFAULT_SLAVE_TIMEOUT_MILLIS);
            timeoutMillis = DEFAULT_SLAVE_TIMEOUT_MILLIS;
        }
        long gap = config.haMaxGapNotInSync() >= 0 ? config.haMaxGapNotInSync()
                : config.haSlaveFallbehindMax() >= 0 ? config.haSlaveFallbehindMax() : DEFAULT_MAX_GAP;
        return new ReplicationLimits(Duration.ofMillis(timeoutMillis), gap);
    }
}
