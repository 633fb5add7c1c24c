package io.ballast.spi.message;

/**
 * How a send ended, as the RocketMQ client sees it. In every one of these the message is in the
 * commitlog; they differ in which durability promise was kept before the answer went out.
 * Failures that store nothing are not statuses but {@code StoreException}s.
 *
 * <p>The official clients hand the status to the application in {@code SendResult} and, by
 * default, do not retry any of them: only SEND_OK keeps the configured promise, and an
 * application that needs it checks for it. (A wait that failed outright is not a status: the
 * broker answers SYSTEM_ERROR and the client retries.)
 */
public enum SendStatus {
    /** Stored, and every configured durability wait (flush, replication) completed. */
    SEND_OK(0),
    /** Stored, but the force covering it did not finish within {@code syncFlushTimeout}. */
    FLUSH_DISK_TIMEOUT(10),
    /** Stored, but no slave was in sync to replicate it. */
    SLAVE_NOT_AVAILABLE(11),
    /** Stored, but no slave reported it within {@code slaveTimeout}. */
    FLUSH_SLAVE_TIMEOUT(12);

    private final int responseCode;

    SendStatus(int responseCode) {
        this.responseCode = responseCode;
    }

    /** The RocketMQ remoting response code that carries this status. */
    public int responseCode() {
        return responseCode;
    }

    /**
     * The status of a send that waited for both this and {@code other}: the ack needs both, so
     * any shortfall wins over SEND_OK. Between two shortfalls the replication one is reported,
     * because it is the weaker guarantee the client is left with.
     */
    public SendStatus and(SendStatus other) {
        if (this == SEND_OK) {
            return other;
        }
        if (other == SEND_OK) {
            return this;
        }
        return this.responseCode >= other.responseCode ? this : other;
    }
}
