package io.ballast.spi.store;

/** An append that stored nothing, with the reason the broker turns into a response code. */
public class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Reason reason;

    public StoreException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public StoreException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public enum Reason {
        /** Too large, bad properties: the client must not retry as is (MESSAGE_ILLEGAL). */
        MESSAGE_ILLEGAL,
        /** Disk usage is past the guard ratio; reads go on (SERVICE_NOT_AVAILABLE). */
        DISK_FULL,
        /** An earlier write or force failed; the store is read-only until an operator acts. */
        READ_ONLY,
        /** The store is starting, stopping or being swapped; retry shortly (SYSTEM_BUSY). */
        NOT_AVAILABLE
    }
}
