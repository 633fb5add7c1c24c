package io.ballast.remoting;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * One connection as a processor sees it: who is at the other end, and a way to send that peer
 * requests of our own (broker → client NOTIFY_CONSUMER_IDS_CHANGED, or a client's calls to a
 * server). Requests we send are numbered with this process's own opaque counter and matched to
 * their responses by it.
 */
public interface RemotingChannel {

    /** The peer's address; a processor writes it into records as the born host. */
    InetSocketAddress remoteAddress();

    /** Our end of the connection: the address the peer reached us on. */
    InetSocketAddress localAddress();

    boolean isActive();

    /** Sends a request the peer must not answer (the one-way flag is set here). */
    void sendOneway(RemotingCommand request);

    /**
     * Sends a request and completes with the peer's response, or fails with a
     * {@link java.util.concurrent.TimeoutException} after {@code timeout}, or with an
     * {@link java.io.IOException} when the connection closes first. The caller releases the
     * response.
     */
    CompletionStage<RemotingCommand> request(RemotingCommand request, Duration timeout);

    /** Runs {@code action} once when the connection closes (at once if it already has). */
    void onClose(Runnable action);

    /** Closes the connection. */
    void close();
}
