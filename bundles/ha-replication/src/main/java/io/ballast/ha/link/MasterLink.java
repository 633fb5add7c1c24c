package io.ballast.ha.link;

import io.ballast.ha.ReplicaProgress;
import io.ballast.spi.store.ReplicatedLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's end of the replication link: accepts slaves on the HA port, runs one
 * {@link ReplicaSession} per connection (protocol in {@link LinkProtocol}), and publishes what the
 * authenticated ones report as {@link ReplicaProgress}. A connection that has not authenticated
 * never appears in {@link #replicas()}, whatever it sends.
 *
 * <p>Threads: one accepting, two per session (stream and reports), one housekeeping tick that
 * closes connections silent past {@code haHousekeepingInterval}. Thread-safe.
 */
public final class MasterLink implements ReplicaProgress, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MasterLink.class);
    /** Connections still in the handshake at once; more are closed at accept (a flood must not cost a thread each). */
    static final int MAX_HANDSHAKING = 16;

    private final ReplicatedLog log;
    private final LinkSettings settings;
    private final StrayPeers strays = new StrayPeers();
    private final Set<ReplicaSession> sessions = ConcurrentHashMap.newKeySet();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService housekeeping;
    private volatile ServerSocketChannel server;
    private volatile boolean closed;
    private volatile InetSocketAddress bound;
    private Thread acceptor;

    public MasterLink(ReplicatedLog log, LinkSettings settings) {
        this.log = log;
        this.settings = settings;
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "ballast-ha-master-housekeeping"));
    }

    /** Binds and starts accepting; returns the bound address (port 0 picks a free one). */
    public synchronized InetSocketAddress start(InetSocketAddress bind) throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(bind);
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot listen for slaves on " + bind + ": " + e.getMessage(), e);
        }
        server = channel;
        long tick = settings.tick().toMillis();
        housekeeping.scheduleWithFixedDelay(this::dropSilentSessions, tick, tick, TimeUnit.MILLISECONDS);
        acceptor = daemon(this::acceptLoop, "ballast-ha-master-accept");
        acceptor.start();
        bound = (InetSocketAddress) channel.getLocalAddress();
        LOG.info("HA master listening for slaves of {} on {}", settings.group(), bound);
        return bound;
    }

    /** Where it listens, or null before {@link #start}. */
    public InetSocketAddress boundAddress() {
        return bound;
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warn("HA accept failed: {}", e.toString());
                continue;
            }
            try {
                // Small chunks and 8-byte reports: Nagle plus delayed ACKs would hold each for ~40 ms,
                // and a SYNC_MASTER's every send waits on that round trip.
                channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            } catch (IOException e) {
                LOG.debug("TCP_NODELAY not set on an HA connection: {}", e.toString());
            }
            long handshaking = sessions.stream().filter(s -> !s.authenticated()).count();
            if (handshaking >= MAX_HANDSHAKING) {
                LOG.debug("HA connection closed at accept: {} connections are already in their handshake", handshaking);
                closeQuietly(channel);
                continue;
            }
            ReplicaSession session = new ReplicaSession(channel, log, settings, strays, this);
            sessions.add(session);
            daemon(session::run, "ballast-ha-session-" + session.address()).start();
        }
    }

    private void dropSilentSessions() {
        long now = System.nanoTime();
        for (ReplicaSession session : sessions) {
            if (now - session.lastHeardNanos() > settings.housekeepingInterval().toNanos()) {
                LOG.warn("HA slave {} silent for over {} ms; closing its connection", session.address(),
                        settings.housekeepingInterval().toMillis());
                session.close();
            }
        }
    }

    /** A session's report or departure: tell the listeners. */
    void changed() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("A replica progress listener failed: {}", e.toString());
            }
        }
    }

    void ended(ReplicaSession session) {
        sessions.remove(session);
        if (session.authenticated()) {
            changed();
        }
    }

    @Override
    public List<Replica> replicas() {
        return sessions.stream().map(ReplicaSession::replica).filter(r -> r != null).toList();
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    /** Stops accepting and closes every session; slaves reconnect to whoever listens next. */
    @Override
    public void close() {
        closed = true;
        if (server != null) {
            closeQuietly(server);
        }
        housekeeping.shutdownNow();
        sessions.forEach(ReplicaSession::close);
        Thread accepting;
        synchronized (this) {
            accepting = acceptor;
        }
        if (accepting != null) {
            try {
                // the port is released only once the accepting thread has left accept(): wait, so a restart can bind it again
                accepting.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // closing is best effort; the peer sees the connection end either way
        }
    }
}
