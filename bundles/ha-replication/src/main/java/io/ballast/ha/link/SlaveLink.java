package io.ballast.ha.link;

import io.ballast.spi.store.ReplicatedLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slave's end of the replication link (protocol in {@link LinkProtocol}): connects to the
 * master, proves it belongs to the group, truncates its log when the master says it diverged,
 * empties it when the master says it fell behind retention (re-seed), then
 * appends every chunk at exactly the offset the master sent it from and reports its new max
 * offset. It reports at least every {@code haSendHeartbeatInterval}, drops a master silent for
 * {@code haHousekeepingInterval}, and reconnects after any drop: at once after a truncation, else
 * after a backoff from {@code reconnectMin} doubling to {@code reconnectMax}.
 *
 * <p>Threads: one running the connection, one housekeeping tick. Thread-safe.
 */
public final class SlaveLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SlaveLink.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 3000;

    private final ReplicatedLog log;
    private final LinkSettings settings;
    private final long brokerId;
    private final InetSocketAddress master;
    private final ScheduledExecutorService housekeeping;
    private final AtomicInteger streamsStarted = new AtomicInteger();
    private final Object writeLock = new Object();
    private volatile SocketChannel channel;
    private volatile long lastHeardNanos;
    private volatile long lastReportNanos;
    private volatile boolean closed;
    private Thread runner;

    public SlaveLink(ReplicatedLog log, LinkSettings settings, long brokerId, InetSocketAddress master) {
        if (brokerId < 1) {
            throw new IllegalArgumentException("a slave's brokerId must be 1 or more, was " + brokerId);
        }
        this.log = log;
        this.settings = settings;
        this.brokerId = brokerId;
        this.master = master;
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> MasterLink.daemon(r, "ballast-ha-slave-housekeeping"));
    }

    public synchronized void start() {
        if (runner != null) {
            throw new IllegalStateException("already started");
        }
        long tick = settings.tick().toMillis();
        ScheduledFuture<?> ignored = housekeeping.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        runner = MasterLink.daemon(this::run, "ballast-ha-slave");
        runner.start();
    }

    /** How many times streaming began (a hello answered STREAM): 1 + the reconnects that got that far. */
    public int streamsStarted() {
        return streamsStarted.get();
    }

    private void run() {
        Duration backoff = settings.reconnectMin();
        while (!closed) {
            boolean truncated = false;
            boolean streamed = false;
            try (SocketChannel ch = SocketChannel.open()) {
                ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true); // reports are 8 bytes; see MasterLink
                ch.socket().connect(master, CONNECT_TIMEOUT_MILLIS);
                lastHeardNanos = System.nanoTime();
                lastReportNanos = 0; // no heartbeat before the first report of this connection
                channel = ch;
                ResumePoint point = handshake(ch);
                if (point.kind() == ResumePoint.Kind.TRUNCATE) {
                    LOG.warn("HA master {} says this slave's log diverged: truncating from offset {} (max offset was {})",
                            master, point.offset(), log.maxOffset());
                    log.truncate(point.offset());
                    truncated = true;
                } else if (point.kind() == ResumePoint.Kind.RESEED) {
                    LOG.warn("HA master {} no longer holds what this slave needs next: this slave's max offset {} is below the"
                            + " master's earliest retained offset {}; emptying the log (from {}) to re-seed from {}",
                            master, log.maxOffset(), point.offset(), log.minOffset(), point.offset());
                    log.truncate(log.minOffset());
                    truncated = true;
                } else {
                    streamed = true;
                    streamsStarted.incrementAndGet();
                    receive(ch, point.offset());
                }
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    LOG.info("HA link to master {} ended: {}", master, e.toString());
                }
            } finally {
                channel = null;
            }
            if (closed || truncated) { // after a truncation or re-seed: hello again at once
                continue;
            }
            if (streamed) {
                backoff = settings.reconnectMin();
            }
            sleep(backoff);
            Duration doubled = backoff.multipliedBy(2);
            backoff = doubled.compareTo(settings.reconnectMax()) > 0 ? settings.reconnectMax() : doubled;
        }
    }

    private ResumePoint handshake(SocketChannel ch) throws IOException {
        byte[] nonce = new byte[LinkProtocol.NONCE_BYTES];
        LinkProtocol.readFully(ch, nonce.length).get(nonce);
        lastHeardNanos = System.nanoTime();
        GroupCredentials group = settings.group();
        SlaveHello hello = new SlaveHello(group.cluster(), group.brokerName(), brokerId, log.maxOffset(),
                LogBlocks.tail(log, LinkProtocol.MAX_BLOCKS), group.mac(nonce, brokerId));
        LinkProtocol.writeFully(ch, LinkProtocol.encodeHello(hello));
        ResumePoint point = LinkProtocol.readVerdict(ch);
        lastHeardNanos = System.nanoTime();
        if (point.kind() == ResumePoint.Kind.STREAM && point.offset() != log.maxOffset() && !isEmpty()) {
            throw new ProtocolException("master would stream from " + point.offset() + " but this slave holds up to " + log.maxOffset());
        }
        if (point.kind() == ResumePoint.Kind.RESEED && (point.offset() <= log.maxOffset() || isEmpty())) {
            throw new ProtocolException("master asks to re-seed from " + point.offset() + ", but this slave holds up to " + log.maxOffset());
        }
        if (point.kind() == ResumePoint.Kind.TRUNCATE && point.offset() >= log.maxOffset()) {
            throw new ProtocolException("master asks to truncate to " + point.offset() + ", not below this slave's max " + log.maxOffset());
        }
        return point;
    }

    private boolean isEmpty() {
        return log.minOffset() == log.maxOffset();
    }

    private void receive(SocketChannel ch, long from) throws IOException {
        LOG.info("HA link to master {} streaming from offset {}", master, from);
        report(ch);
        ByteBuffer header = ByteBuffer.allocate(LinkProtocol.CHUNK_HEADER_BYTES);
        ByteBuffer data = ByteBuffer.allocate(Math.max(settings.transferBatchSize(), 64 * 1024));
        long expected = from;
        while (!closed) {
            header.clear();
            LinkProtocol.fill(ch, header);
            header.flip();
            long phyOffset = header.getLong();
            int size = header.getInt();
            lastHeardNanos = System.nanoTime();
            if (phyOffset != expected) {
                throw new ProtocolException("master sent offset " + phyOffset + ", expected " + expected);
            }
            if (size == 0) {
                continue; // heartbeat
            }
            if (size < 0 || size > log.segmentSize()) {
                throw new ProtocolException("chunk size " + size + " out of range");
            }
            if (size > data.capacity()) {
                data = ByteBuffer.allocate(size); // the master's batch size is larger than ours
            }
            data.clear().limit(size);
            LinkProtocol.fill(ch, data);
            log.appendReplicated(phyOffset, data.flip());
            lastHeardNanos = System.nanoTime();
            expected = phyOffset + size;
            report(ch);
        }
    }

    private void report(SocketChannel ch) throws IOException {
        synchronized (writeLock) {
            LinkProtocol.writeFully(ch, LinkProtocol.report(log.maxOffset()));
            lastReportNanos = System.nanoTime();
        }
    }

    /** Heartbeat when nothing was reported lately; close a connection to a master gone silent. */
    private void tick() {
        SocketChannel ch = channel;
        if (ch == null) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastHeardNanos > settings.housekeepingInterval().toNanos()) {
            LOG.warn("HA master {} silent for over {} ms; reconnecting", master, settings.housekeepingInterval().toMillis());
            MasterLink.closeQuietly(ch);
            return;
        }
        if (lastReportNanos != 0 && now - lastReportNanos >= settings.heartbeatInterval().toNanos()) {
            try {
                report(ch);
            } catch (IOException e) {
                MasterLink.closeQuietly(ch);
            }
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        housekeeping.shutdownNow();
        SocketChannel ch = channel;
        if (ch != null) {
            MasterLink.closeQuietly(ch);
        }
        Thread t;
        synchronized (this) {
            t = runner;
        }
        if (t != null) {
            t.interrupt();
        }
    }
}
