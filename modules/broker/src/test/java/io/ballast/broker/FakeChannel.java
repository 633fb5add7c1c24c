package io.ballast.broker;

import io.ballast.remoting.RemotingChannel;
import io.ballast.remoting.RemotingCommand;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** A client connection for processor tests: fixed addresses, records what the broker sends it. */
public final class FakeChannel implements RemotingChannel {
    private final InetSocketAddress remote;
    private final List<RemotingCommand> sent = new CopyOnWriteArrayList<>();

    public FakeChannel(String host, int port) {
        this.remote = new InetSocketAddress(host, port);
    }

    /** A client on loopback at {@code port}. */
    public FakeChannel(int port) {
        this("127.0.0.1", port);
    }

    public List<RemotingCommand> sent() { return sent; }

    @Override public InetSocketAddress remoteAddress() { return remote; }
    @Override public InetSocketAddress localAddress() { return new InetSocketAddress("127.0.0.1", 10911); }
    @Override public boolean isActive() { return true; }
    @Override public void sendOneway(RemotingCommand request) { sent.add(request); }

    @Override
    public CompletionStage<RemotingCommand> request(RemotingCommand request, Duration timeout) {
        sent.add(request);
        return new CompletableFuture<>();
    }

    @Override public void onClose(Runnable action) { }
    @Override public void close() { }
}
