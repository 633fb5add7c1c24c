package io.ballast.remoting;

import io.ballast.remoting.protocol.Versions;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RemotingChannel} over one Netty channel. It lives as an attribute of that channel, so
 * every request of a connection (and its close listeners) sees the same object. Requests we send
 * are renumbered with {@link RequestIds} and their responses matched through this connection's
 * {@link PendingRequests}; when the connection closes, every waiting call fails with an
 * {@link IOException}. Thread-safe.
 */
final class NettyRemotingChannel implements RemotingChannel {

    private static final Logger LOG = LoggerFactory.getLogger(NettyRemotingChannel.class);
    private static final AttributeKey<NettyRemotingChannel> KEY = AttributeKey.valueOf(NettyRemotingChannel.class.getName());

    private final Channel channel;
    private final PendingRequests pending = new PendingRequests();

    private NettyRemotingChannel(Channel channel) {
        this.channel = channel;
        channel.closeFuture().addListener(closed -> pending.failAll(
                new IOException("connection to " + channel.remoteAddress() + " closed")));
    }

    /** The one RemotingChannel of {@code channel}, made on first use. */
    static NettyRemotingChannel of(Channel channel) {
        NettyRemotingChannel existing = channel.attr(KEY).get();
        if (existing != null) {
            return existing;
        }
        NettyRemotingChannel made = new NettyRemotingChannel(channel);
        NettyRemotingChannel raced = channel.attr(KEY).setIfAbsent(made);
        return raced == null ? made : raced;
    }

    PendingRequests pending() {
        return pending;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public boolean isActive() {
        return channel.isActive();
    }

    @Override
    public void sendOneway(RemotingCommand request) {
        RemotingCommand numbered = numbered(request, RemotingCommand.ONEWAY_FLAG);
        write(numbered).thenAccept(failure -> {
            if (failure != null && !(failure instanceof ClosedChannelException)) {
                LOG.warn("One-way request code {} to {} not sent: {}", numbered.code(), channel.remoteAddress(), failure.toString());
            }
        });
    }

    @Override
    public CompletionStage<RemotingCommand> request(RemotingCommand request, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        RemotingCommand numbered = numbered(request, 0);
        CompletableFuture<RemotingCommand> response = pending.register(numbered.opaque(), numbered.code(), timeout, channel.eventLoop());
        if (response.isDone()) {
            numbered.release();
            return response;
        }
        channel.writeAndFlush(numbered).addListener((ChannelFutureListener) written -> {
            if (!written.isSuccess()) {
                pending.fail(numbered.opaque(), asIoException(written.cause()));
            }
        });
        return response;
    }

    /**
     * Writes a command already numbered (a one-way request, a response) and completes with the
     * write's failure, or null once written; a command for a peer that is gone is released here.
     */
    CompletionStage<Throwable> write(RemotingCommand command) {
        if (!channel.isActive()) {
            command.release();
            return CompletableFuture.completedFuture(new ClosedChannelException());
        }
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        channel.writeAndFlush(command).addListener((ChannelFutureListener) written -> outcome.complete(written.cause()));
        return outcome;
    }

    @Override
    public void onClose(Runnable action) {
        channel.closeFuture().addListener(closed -> action.run());
    }

    @Override
    public void close() {
        channel.close();
    }

    /**
     * Our own opaque, and a request's flag: a caller may have built the command from a received
     * one, whose opaque and response bit must not travel on. A version left unset becomes ours.
     */
    private static RemotingCommand numbered(RemotingCommand request, int flag) {
        return request.toBuilder()
                .opaque(RequestIds.next())
                .flag(flag)
                .version(request.version() == 0 ? Versions.BALLAST_AS_ROCKETMQ : request.version())
                .build();
    }

    private IOException asIoException(Throwable cause) {
        if (cause instanceof IOException io && !(cause instanceof ClosedChannelException)) {
            return io;
        }
        return new IOException("cannot send to " + channel.remoteAddress() + ": "
                + (cause instanceof ClosedChannelException ? "connection closed" : cause), cause);
    }

    @Override
    public String toString() {
        return "RemotingChannel{" + channel.localAddress() + " -> " + channel.remoteAddress() + "}";
    }
}
