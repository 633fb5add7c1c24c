package io.ballast.ha.link;

import io.ballast.ha.ReplicaProgress.Replica;
import io.ballast.spi.store.ReplicatedLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's side of one slave connection: the handshake, then the stream (on the thread that
 * runs {@link #run}) and the slave's reports (on a second thread). Until the hello is accepted
 * {@link #replica()} is null and nothing the peer sends counts; after it, a report above the
 * master's max offset closes the connection (RocketMQ #3015), as does a report that would move
 * the slave's offset backwards.
 */
final class ReplicaSession {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaSession.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How long the streaming thread naps when the slave has everything: the added replication latency at most. */
    private static final long IDLE_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

    private final SocketChannel channel;
    private final ReplicatedLog log;
    private final LinkSettings settings;
    private final StrayPeers strays;
    private final MasterLink link;
    private final String address;
    private final String host;
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile Replica replica; // null until authenticated
    private volatile boolean closed;

    ReplicaSession(SocketChannel channel, ReplicatedLog log, LinkSettings settings, StrayPeers strays, MasterLink link) {
        this.channel = channel;
        this.log = log;
        this.settings = settings;
        this.strays = strays;
        this.link = link;
        String remote;
        String remoteHost;
        try {
            InetSocketAddress peer = (InetSocketAddress) channel.getRemoteAddress();
            remote = peer.getAddress().getHostAddress() + ":" + peer.getPort();
            remoteHost = peer.getAddress().getHostAddress();
        } catch (IOException | RuntimeException e) {
            remote = "unknown";
            remoteHost = "unknown";
        }
        this.address = remote;
        this.host = remoteHost;
    }

    void run() {
        try {
            Optional<ResumePoint> start = handshake();
            if (start.isPresent()) {
                Thread reports = MasterLink.daemon(this::readReports, "ballast-ha-reports-" + address);
                reports.start();
                stream(start.get().offset());
            }
        } catch (ProtocolException e) {
            strays.refused(host, e.getMessage());
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.info("HA connection {} ended: {}", describe(), e.toString());
            }
        } finally {
            close();
            link.ended(this);
        }
    }

    /** The resume point if the peer is a slave of this group that may stream now; empty when the connection is done. */
    private Optional<ResumePoint> handshake() throws IOException {
        byte[] nonce = new byte[LinkProtocol.NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        LinkProtocol.writeFully(channel, ByteBuffer.wrap(nonce));
        SlaveHello hello = LinkProtocol.readHello(channel);
        Optional<String> refusal = settings.group().refusal(hello, nonce);
        if (refusal.isPresent()) {
            strays.refused(host, refusal.get());
            return Optional.empty();
        }
        lastHeardNanos = System.nanoTime();
        ResumePoint point = ResumePoint.decide(log, hello.maxOffset(), hello.blocks());
        switch (point.kind()) {
            case RESEED -> {
                LOG.warn("HA slave {} (broker id {}) holds up to offset {}, below this master's earliest retained offset {}:"
                        + " telling it to empty its log and re-seed from {}", address, hello.brokerId(), hello.maxOffset(),
                        point.offset(), point.offset());
                LinkProtocol.writeFully(channel, LinkProtocol.verdict(point));
                return Optional.empty();
            }
            case TRUNCATE -> {
                LOG.warn("HA slave {} (broker id {}) diverged from this master (its max offset {}, master's {}); telling it to truncate to {}",
                        address, hello.brokerId(), hello.maxOffset(), log.maxOffset(), point.offset());
                LinkProtocol.writeFully(channel, LinkProtocol.verdict(point));
                return Optional.empty();
            }
            default -> {
                LinkProtocol.writeFully(channel, LinkProtocol.verdict(point));
                // Only a verified start counts: either the slave's tail matched, or it is empty and holds nothing yet.
                long holds = hello.blocks().isEmpty() ? point.offset() : hello.maxOffset();
                replica = new Replica(hello.brokerId(), address, holds, System.nanoTime());
                LOG.info("HA slave {} (broker id {}) connected; streaming from offset {}", address, hello.brokerId(), point.offset());
                link.changed();
                return Optional.of(point);
            }
        }
    }

    private void stream(long from) throws IOException {
        long next = from;
        long lastSent = System.nanoTime();
        long heartbeat = settings.heartbeatInterval().toNanos();
        while (!closed) {
            if (next < log.maxOffset()) {
                ByteBuffer bytes = log.read(next, settings.transferBatchSize());
                int size = bytes.remaining();
                LinkProtocol.writeFully(channel, LinkProtocol.chunkHeader(next, size), bytes);
                next += size;
                lastSent = System.nanoTime();
            } else if (System.nanoTime() - lastSent >= heartbeat) {
                LinkProtocol.writeFully(channel, LinkProtocol.chunkHeader(next, 0));
                lastSent = System.nanoTime();
            } else {
                LockSupport.parkNanos(IDLE_NANOS);
            }
        }
    }

    private void readReports() {
        try {
            ByteBuffer buf = ByteBuffer.allocate(LinkProtocol.REPORT_BYTES);
            while (!closed) {
                buf.clear();
                LinkProtocol.fill(channel, buf);
                long reported = buf.flip().getLong();
                Replica before = replica;
                if (reported > log.maxOffset()) {
                    LOG.warn("HA slave {} reported offset {} above this master's max offset {}; closing it",
                            address, reported, log.maxOffset());
                    break;
                }
                if (reported < before.ackedOffset()) {
                    LOG.warn("HA slave {} reported offset {} below its earlier {}; closing it", address, reported, before.ackedOffset());
                    break;
                }
                lastHeardNanos = System.nanoTime();
                replica = new Replica(before.brokerId(), address, reported, lastHeardNanos);
                link.changed();
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.info("HA slave {} stopped reporting: {}", address, e.toString());
            }
        } finally {
            close();
        }
    }

    void close() {
        closed = true;
        MasterLink.closeQuietly(channel);
    }

    boolean authenticated() {
        return replica != null;
    }

    /** The slave's progress, or null while unauthenticated or once closed. */
    Replica replica() {
        return closed ? null : replica;
    }

    long lastHeardNanos() {
        return lastHeardNanos;
    }

    String address() {
        return address;
    }

    private String describe() {
        Replica r = replica;
        return r == null ? address + " (not authenticated)" : address + " (broker id " + r.brokerId() + ")";
    }
}
