package io.ballast.remoting;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.util.concurrent.TimeUnit;

/**
 * The I/O threads of a server or client. NIO, not epoll: epoll's native library is a fragment
 * bundle not every platform build ships, and at our connection counts NIO costs nothing that
 * matters. Threads are named {@code ballast-<name>-N}.
 */
final class EventLoops {

    /** Workers: a few event loops carry thousands of connections; processors do the real work. */
    static final int DEFAULT_WORKERS = Math.min(4, Runtime.getRuntime().availableProcessors());

    private EventLoops() {
    }

    /** A builder's check, so a bad count fails where it is configured, not at start. */
    static int checkedThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("at least one I/O thread, not " + threads);
        }
        return threads;
    }

    static EventLoopGroup create(String name, int threads) {
        return new NioEventLoopGroup(threads, new NamedDaemonThreads("ballast-" + name));
    }

    /** Stops at once if idle, else lets running tasks finish; gives up waiting after a few seconds. */
    static void shutDown(EventLoopGroup group) {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
