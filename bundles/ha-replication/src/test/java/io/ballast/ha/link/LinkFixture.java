package io.ballast.ha.link;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;

/** Shared pieces of the link tests: small intervals, loopback endpoints, a hand-driven peer. */
final class LinkFixture implements AutoCloseable {
    static final int SEGMENT = 100_000; // not a multiple of the block size, so blocks and chunks meet segment ends
    static final GroupCredentials GROUP = new GroupCredentials("DefaultCluster", "broker-a", "s3cret");
    static final Duration HEARTBEAT = Duration.ofMillis(50);
    static final Duration HOUSEKEEPING = Duration.ofMillis(400);

    final Random random = new Random(42);
    private final List<AutoCloseable> closing = new ArrayList<>();

    static LinkSettings settings(GroupCredentials group) {
        return new LinkSettings(group, 32 * 1024, HEARTBEAT, HOUSEKEEPING, Duration.ofMillis(50), Duration.ofMillis(200));
    }

    byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    MasterLink master(InMemoryReplicatedLog log) throws IOException {
        return master(log, 0);
    }

    MasterLink master(InMemoryReplicatedLog log, int port) throws IOException {
        MasterLink link = new MasterLink(log, settings(GROUP));
        closing.add(link);
        link.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return link;
    }

    static InetSocketAddress address(MasterLink link) {
        return link.boundAddress();
    }

    SlaveLink slave(InMemoryReplicatedLog log, GroupCredentials group, InetSocketAddress master) {
        SlaveLink link = new SlaveLink(log, settings(group), 1, master);
        closing.add(link);
        link.start();
        return link;
    }

    /** A peer driven by hand: reads the nonce and says hello as {@code group} would. */
    SocketChannel helloAs(InetSocketAddress master, GroupCredentials group, long maxOffset) throws IOException {
        SocketChannel ch = SocketChannel.open(master);
        closing.add(ch);
        byte[] nonce = new byte[LinkProtocol.NONCE_BYTES];
        LinkProtocol.readFully(ch, nonce.length).get(nonce);
        SlaveHello hello = new SlaveHello(group.cluster(), group.brokerName(), 1, maxOffset, List.of(), group.mac(nonce, 1));
        LinkProtocol.writeFully(ch, LinkProtocol.encodeHello(hello));
        return ch;
    }

    static void report(SocketChannel ch, long offset) throws IOException {
        LinkProtocol.writeFully(ch, LinkProtocol.report(offset));
    }

    static ByteBuffer wrap(byte[] b) {
        return ByteBuffer.wrap(b);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }
}
