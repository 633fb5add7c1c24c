package io.ballast.remoting;

/** A header that is not one: the peer is broken or not a RocketMQ peer, and its connection goes. */
final class HeaderDecodingException extends Exception {
    private static final long serialVersionUID = 1L;

    HeaderDecodingException(String reason) {
        super(reason, null, false, false);
    }

    HeaderDecodingException(String reason, Throwable cause) {
        super(reason + ": " + cause.getMessage(), cause, false, false);
    }
}
