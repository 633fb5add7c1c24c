package io.ballast.remoting;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Calls remoting servers: the broker's registrations with its name servers, and tests. One
 * connection per address, opened on first use and opened again on the next call after it closed.
 * Responses complete on the connection's event loop: chain quick work only, hand slow work to an
 * executor. Requests a server sends back on the connection are served by the processors registered
 * through {@link #builder}, with the same dispatch as {@link RemotingServer}. Thread-safe.
 */
public final class RemotingClient implements AutoCloseable {

    private final String name;
    private final EventLoopGroup ioThreads;
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Bootstrap bootstrap;
    private final ConcurrentMap<String, CompletableFuture<NettyRemotingChannel>> connections = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** A client that serves no requests of its own, with the default timeouts. */
    public RemotingClient(String name) {
        this(builder(name));
    }

    private RemotingClient(Builder b) {
        this.name = b.name;
        this.ioThreads = EventLoops.create(name + "-io", b.ioThreads);
        CommandDispatchHandler dispatch = new CommandDispatchHandler(
                new RequestDispatcher(name, b.processors.build()), ConnectionListener.NONE);
        this.bootstrap = new Bootstrap()
                .group(ioThreads)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) b.connectTimeout.toMillis())
                .handler(new RemotingChannelInitializer(b.idleTimeout, dispatch, channels));
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Sends {@code request} to {@code address} ("host:port") and completes with the response, which
     * the caller releases. Fails with an {@link IOException} when the server cannot be reached or
     * the connection closes first, with a {@link java.util.concurrent.TimeoutException} when no
     * response comes within {@code timeout} of sending (connecting has its own timeout). The request
     * is owned by the client from here on.
     */
    public CompletionStage<RemotingCommand> invoke(String address, RemotingCommand request, Duration timeout) {
        return connection(address).handle((channel, failure) -> {
            if (failure != null) {
                request.release();
                return CompletableFuture.<RemotingCommand>failedFuture(unwrap(failure));
            }
            return channel.request(request, timeout);
        }).thenCompose(Function.identity());
    }

    /** Sends {@code request}, which wants no answer; a server that cannot be reached is not reported. */
    public void invokeOneway(String address, RemotingCommand request) {
        connection(address).whenComplete((channel, failure) -> {
            if (failure != null) {
                request.release();
            } else {
                channel.sendOneway(request);
            }
        });
    }

    /** The open or opening connection to {@code address}; a closed or failed one is replaced. */
    private CompletableFuture<NettyRemotingChannel> connection(String address) {
        if (closed) {
            return CompletableFuture.failedFuture(new IOException(name + " is closed"));
        }
        InetSocketAddress remote;
        try {
            remote = parse(address);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return connections.compute(address, (key, existing) -> existing != null && !gone(existing) ? existing : connect(key, remote));
    }

    private CompletableFuture<NettyRemotingChannel> connect(String address, InetSocketAddress remote) {
        CompletableFuture<NettyRemotingChannel> connecting = new CompletableFuture<>();
        bootstrap.connect(remote).addListener((ChannelFutureListener) (ChannelFuture connected) -> {
            if (connected.isSuccess()) {
                connected.channel().closeFuture().addListener(c -> connections.remove(address, connecting));
                connecting.complete(NettyRemotingChannel.of(connected.channel()));
            } else {
                connections.remove(address, connecting);
                connecting.completeExceptionally(new IOException(name + " cannot connect to " + address + ": "
                        + connected.cause().getMessage(), connected.cause()));
            }
        });
        return connecting;
    }

    private static boolean gone(CompletableFuture<NettyRemotingChannel> connection) {
        return connection.isCompletedExceptionally() || connection.isDone() && !connection.join().isActive();
    }

    private static InetSocketAddress parse(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("not a host:port address: '" + address + "'");
        }
        try {
            return InetSocketAddress.createUnresolved(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
        } catch (IllegalArgumentException e) { // NumberFormatException too; a port out of range
            throw new IllegalArgumentException("not a host:port address: '" + address + "'", e);
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** Closes every connection (waiting calls fail with an IOException) and stops the I/O threads. */
    @Override
    public void close() {
        closed = true;
        channels.close().awaitUninterruptibly();
        EventLoops.shutDown(ioThreads);
    }

    /** Configures a client; every setting has a default. */
    public static final class Builder {
        private final String name;
        private Duration idleTimeout = Duration.ofSeconds(120);
        private Duration connectTimeout = Duration.ofSeconds(3);
        private int ioThreads = 1;
        private final ProcessorTable.Builder processors = new ProcessorTable.Builder();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = RemotingChannelInitializer.checkedIdleTimeout(timeout);
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("connect timeout must be positive and below 24 days: " + timeout);
            }
            this.connectTimeout = timeout;
            return this;
        }

        /** Event loops for the connections; one by default (a client talks to a few servers). */
        public Builder ioThreads(int threads) {
            this.ioThreads = EventLoops.checkedThreads(threads);
            return this;
        }

        /** Serves requests with {@code code} that a server sends on our connections. */
        public Builder register(int code, RequestProcessor processor, ProcessorExecutor executor) {
            processors.register(code, processor, executor);
            return this;
        }

        public RemotingClient build() {
            return new RemotingClient(this);
        }
    }
}
