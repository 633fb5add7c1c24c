package io.ballast.ha.link;

import java.time.Duration;

/**
 * The link's settings, with broker.conf's names: {@code haTransferBatchSize} bytes per chunk at
 * most; a heartbeat after {@code haSendHeartbeatInterval} without traffic; a connection silent for
 * {@code haHousekeepingInterval} is closed; a slave waits {@code reconnectMin} after its first
 * failed attempt, doubling up to {@code reconnectMax}. Immutable.
 */
record LinkSettings(GroupCredentials group, int transferBatchSize, Duration heartbeatInterval,
                    Duration housekeepingInterval, Duration reconnectMin, Duration reconnectMax) {
    LinkSettings {
        if (transferBatchSize < 1) {
            throw new IllegalArgumentException("haTransferBatchSize must be positive, was " + transferBatchSize);
        }
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()
                || housekeepingInterval.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalArgumentException("haHousekeepingInterval (" + housekeepingInterval.toMillis()
                    + " ms) must exceed haSendHeartbeatInterval (" + heartbeatInterval.toMillis() + " ms), which must be positive");
        }
    }

    static LinkSettings of(GroupCredentials group, int transferBatchSize, long heartbeatMillis, long housekeepingMillis) {
        return new LinkSettings(group, transferBatchSize, Duration.ofMillis(heartbeatMillis),
                Duration.ofMillis(housekeepingMillis), Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    /** How often the housekeeping looks for silent connections and due heartbeats. */
    Duration tick() {
        long millis = Math.max(5, Math.min(heartbeatInterval.toMillis(), housekeepingInterval.toMillis()) / 4);
        return Duration.ofMillis(millis);
    }
}
