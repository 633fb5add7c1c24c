package io.ballast.ha.link;

import static io.ballast.ha.link.LinkFixture.GROUP;
import static io.ballast.ha.link.LinkFixture.HOUSEKEEPING;
import static io.ballast.ha.link.LinkFixture.SEGMENT;
import static io.ballast.ha.link.LinkFixture.address;
import static io.ballast.ha.link.LinkFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Heartbeats keep an idle link up; a peer silent for the housekeeping interval is dropped. */
class LinkLivenessTest {
    private final LinkFixture fixture = new LinkFixture();

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void heartbeatsKeepAnIdleLinkOpenPastTheHousekeepingInterval() throws Exception {
        InMemoryReplicatedLog masterLog = new InMemoryReplicatedLog(SEGMENT);
        masterLog.append(fixture.randomBytes(5_000));
        MasterLink master = fixture.master(masterLog);
        InMemoryReplicatedLog slaveLog = new InMemoryReplicatedLog(SEGMENT);
        SlaveLink slave = fixture.slave(slaveLog, GROUP, address(master));
        await("caught up", () -> ReplicationStreamTest.acked(master) == 5_000);
        long firstAck = master.replicas().get(0).lastAckNanos();

        Thread.sleep(HOUSEKEEPING.toMillis() * 3);

        assertEquals(1, slave.streamsStarted(), "the same connection all along");
        assertEquals(1, master.replicas().size());
        assertTrue(master.replicas().get(0).lastAckNanos() > firstAck, "heartbeat reports refreshed the slave's last ack");
    }

    @Test
    void masterDropsAnAuthenticatedSlaveThatFallsSilent() throws Exception {
        InMemoryReplicatedLog masterLog = new InMemoryReplicatedLog(SEGMENT);
        MasterLink master = fixture.master(masterLog);
        AtomicInteger changes = new AtomicInteger();
        master.onChange(changes::incrementAndGet);
        SocketChannel silent = fixture.helloAs(address(master), GROUP, 0);
        LinkProtocol.readVerdict(silent);
        await("listed", () -> master.replicas().size() == 1);
        long listedAt = System.nanoTime();
        int changesWhileListed = changes.get();

        await("dropped", () -> master.replicas().isEmpty());
        assertTrue(System.nanoTime() - listedAt >= HOUSEKEEPING.toNanos() / 2, "not dropped before the interval");
        // the list empties before the listeners are called: wait for them rather than race them
        await("listeners heard it leave", () -> changes.get() > changesWhileListed);
    }

    @Test
    void slaveDropsAMasterThatFallsSilentAndReconnects() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        List<SocketChannel> held = new ArrayList<>();
        try (ServerSocketChannel fakeMaster = ServerSocketChannel.open()) {
            fakeMaster.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread acceptor = MasterLink.daemon(() -> {
                try {
                    while (true) {
                        SocketChannel ch = fakeMaster.accept();
                        held.add(ch);
                        connections.incrementAndGet();
                        LinkProtocol.writeFully(ch, ByteBuffer.allocate(LinkProtocol.NONCE_BYTES));
                        LinkProtocol.readHello(ch);
                        LinkProtocol.writeFully(ch, LinkProtocol.verdict(ResumePoint.stream(0)));
                        // then nothing: no chunk, no heartbeat
                    }
                } catch (java.io.IOException closed) {
                    // test over
                }
            }, "fake-master");
            acceptor.start();
            SlaveLink slave = fixture.slave(new InMemoryReplicatedLog(SEGMENT), GROUP, (InetSocketAddress) fakeMaster.getLocalAddress());

            await("the slave gave up on the silent master and came back", () -> connections.get() >= 2);
            assertTrue(slave.streamsStarted() >= 1);
        } finally {
            for (SocketChannel ch : held) {
                ch.close();
            }
        }
    }
}
