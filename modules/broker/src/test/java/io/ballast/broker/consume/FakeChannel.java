package io.ballast.broker.consume;

import io.ballast.remoting.RemotingChannel;
import io.ballast.remoting.RemotingCommand;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** A connection that records what the broker sends its peer. */
public final class FakeChannel implements RemotingChannel {
    private final InetSocketAddress remote;
    public final List<RemotingCommand> oneways = new CopyOnWriteArrayList<>();
    private volatile boolean active = true;

    public FakeChannel(int port) {
        this.remote = new InetSocketAddress("127.0.0.1", port);
    }

    @Override public InetSocketAddress remoteAddress() { return remote; }
    @Override public InetSocketAddress localAddress() { return new InetSocketAddress("127.0.0.1", 10911); }
    @Override public boolean isActive() { return active; }
    @Override public void sendOneway(RemotingCommand request) { oneways.add(request); }

    @Override
    public CompletionStage<RemotingCommand> request(RemotingCommand request, Duration timeout) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("not in tests"));
    }

    @Override public void onClose(Runnable action) { }
    @Override public void close() { active = false; }
}
