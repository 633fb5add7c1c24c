package io.ballast.remoting;

/**
 * Told when a peer connects and when its connection closes (the broker forgets a client's
 * registrations on close). Called on the connection's event loop: keep it short and never block.
 */
public interface ConnectionListener {

    void connected(RemotingChannel channel);

    void closed(RemotingChannel channel);

    /** Hears nothing; the default of a server without listener. */
    ConnectionListener NONE = new ConnectionListener() {
        @Override
        public void connected(RemotingChannel channel) {
        }

        @Override
        public void closed(RemotingChannel channel) {
        }
    };
}
