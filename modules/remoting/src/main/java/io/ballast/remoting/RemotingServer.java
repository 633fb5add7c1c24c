package io.ballast.remoting;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts RocketMQ remoting connections and serves their requests with the registered processors
 * (see {@link RequestDispatcher} for how each request is answered). One boss thread accepts; a
 * few worker event loops read, decode and write; processors run on their {@link ProcessorExecutor}s,
 * which the caller owns and closes.
 *
 * <pre>
 * RemotingServer server = RemotingServer.builder("broker")
 *         .bind(new InetSocketAddress("127.0.0.1", 10911))
 *         .register(RequestCode.SEND_MESSAGE, sendProcessor, sendExecutor)
 *         .build();
 * InetSocketAddress bound = server.start();
 * </pre>
 *
 * Started once, closed once; {@link #close} is graceful: stop accepting, close every connection,
 * stop the event loops within a few seconds.
 */
public final class RemotingServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RemotingServer.class);

    private final String name;
    private final InetSocketAddress bindAddress;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final ServerBootstrap bootstrap;
    private Channel listener;

    private RemotingServer(Builder b) {
        this.name = b.name;
        this.bindAddress = b.bindAddress;
        this.boss = EventLoops.create(name + "-accept", 1);
        this.workers = EventLoops.create(name + "-io", b.ioThreads);
        CommandDispatchHandler dispatch = new CommandDispatchHandler(
                new RequestDispatcher(name, b.processors.build()), b.connectionListener);
        this.bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new RemotingChannelInitializer(b.idleTimeout, dispatch, connections));
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Binds and starts accepting.
     *
     * @return the address bound, with the port chosen when port 0 was asked for
     * @throws UncheckedIOException when the address cannot be bound (port in use)
     */
    public synchronized InetSocketAddress start() {
        if (listener != null) {
            throw new IllegalStateException(name + " is already started");
        }
        try {
            listener = bootstrap.bind(bindAddress).syncUninterruptibly().channel();
        } catch (Exception e) { // Netty rethrows the checked BindException undeclared
            close();
            throw new UncheckedIOException(new IOException(name + " cannot listen on " + bindAddress + ": " + e, e));
        }
        InetSocketAddress bound = (InetSocketAddress) listener.localAddress();
        LOG.info("{} remoting server listening on {}", name, bound);
        return bound;
    }

    /** The address bound, or null before {@link #start}. */
    public synchronized InetSocketAddress localAddress() {
        return listener == null ? null : (InetSocketAddress) listener.localAddress();
    }

    @Override
    public synchronized void close() {
        if (listener != null) {
            listener.close().awaitUninterruptibly();
        }
        connections.close().awaitUninterruptibly();
        EventLoops.shutDown(boss);
        EventLoops.shutDown(workers);
        LOG.info("{} remoting server closed", name);
    }

    /** Configures a server; every setting but the processors has a default. */
    public static final class Builder {
        private final String name;
        private InetSocketAddress bindAddress = new InetSocketAddress("127.0.0.1", 0);
        private Duration idleTimeout = Duration.ofSeconds(120);
        private int ioThreads = EventLoops.DEFAULT_WORKERS;
        private ConnectionListener connectionListener = ConnectionListener.NONE;
        private final ProcessorTable.Builder processors = new ProcessorTable.Builder();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Defaults to a free port on loopback. */
        public Builder bind(InetSocketAddress address) {
            this.bindAddress = Objects.requireNonNull(address);
            return this;
        }

        /** A connection that neither reads nor writes this long is closed; 120 s by default. */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = RemotingChannelInitializer.checkedIdleTimeout(timeout);
            return this;
        }

        /** Worker event loops; min(4, cores) by default. */
        public Builder ioThreads(int threads) {
            this.ioThreads = EventLoops.checkedThreads(threads);
            return this;
        }

        /** Serves {@code code} with {@code processor} on {@code executor}; several codes may share an executor. */
        public Builder register(int code, RequestProcessor processor, ProcessorExecutor executor) {
            processors.register(code, processor, executor);
            return this;
        }

        /** Serves every code nobody registered; without one those get REQUEST_CODE_NOT_SUPPORTED. */
        public Builder defaultProcessor(RequestProcessor processor, ProcessorExecutor executor) {
            processors.fallback(processor, executor);
            return this;
        }

        public Builder connectionListener(ConnectionListener listener) {
            this.connectionListener = Objects.requireNonNull(listener);
            return this;
        }

        public RemotingServer build() {
            return new RemotingServer(this);
        }
    }
}
