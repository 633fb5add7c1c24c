package io.ballast.namesrv;

import io.ballast.remoting.RemotingChannel;
import io.ballast.remoting.RemotingCommand;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A connection without a socket: it records onClose actions and runs them when closed. */
final class FakeChannel implements RemotingChannel {
    private final InetSocketAddress remote;
    private final List<Runnable> onClose = new ArrayList<>();
    private boolean active = true;

    FakeChannel(int remotePort) {
        this.remote = new InetSocketAddress("127.0.0.1", remotePort);
    }

    @Override public InetSocketAddress remoteAddress() { return remote; }
    @Override public InetSocketAddress localAddress() { return new InetSocketAddress("127.0.0.1", 9876); }
    @Override public synchronized boolean isActive() { return active; }
    @Override public void sendOneway(RemotingCommand request) { request.release(); }

    @Override
    public CompletionStage<RemotingCommand> request(RemotingCommand request, Duration timeout) {
        request.release();
        return CompletableFuture.failedFuture(new UnsupportedOperationException("fake channel"));
    }

    @Override
    public void onClose(Runnable action) {
        synchronized (this) {
            if (active) {
                onClose.add(action);
                return;
            }
        }
        action.run();
    }

    @Override
    public void close() {
        List<Runnable> actions;
        synchronized (this) {
            if (!active) {
                return;
            }
            active = false;
            actions = List.copyOf(onClose);
        }
        actions.forEach(Runnable::run);
    }
}
