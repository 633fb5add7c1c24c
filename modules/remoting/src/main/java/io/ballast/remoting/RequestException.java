package io.ballast.remoting;

/**
 * A request that cannot be served, with the RocketMQ response code and remark that tell the client
 * why. Thrown by processors (or {@link RequestHeader}); the server answers it instead of letting
 * an exception reach the wire. No stack trace: it is an answer, not a bug.
 */
public final class RequestException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int responseCode;

    public RequestException(int responseCode, String remark) {
        super(remark, null, false, false);
        this.responseCode = responseCode;
    }

    public int responseCode() {
        return responseCode;
    }

    public String remark() {
        return getMessage();
    }
}
