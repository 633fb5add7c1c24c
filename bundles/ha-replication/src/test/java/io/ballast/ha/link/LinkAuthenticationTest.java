package io.ballast.ha.link;

import static io.ballast.ha.link.LinkFixture.GROUP;
import static io.ballast.ha.link.LinkFixture.SEGMENT;
import static io.ballast.ha.link.LinkFixture.address;
import static io.ballast.ha.link.LinkFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A stray client on the HA port must never make a report count (RocketMQ #1155, #3015). */
class LinkAuthenticationTest {
    private final LinkFixture fixture = new LinkFixture();

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void slavesOfAnotherGroupOrWithAnotherSecretAreNeverListed() throws Exception {
        InMemoryReplicatedLog masterLog = new InMemoryReplicatedLog(SEGMENT);
        masterLog.append(fixture.randomBytes(50_000));
        MasterLink master = fixture.master(masterLog);
        AtomicBoolean everListed = new AtomicBoolean();
        master.onChange(() -> everListed.compareAndSet(false, !master.replicas().isEmpty()));

        InMemoryReplicatedLog wrongSecret = new InMemoryReplicatedLog(SEGMENT);
        InMemoryReplicatedLog wrongCluster = new InMemoryReplicatedLog(SEGMENT);
        InMemoryReplicatedLog wrongName = new InMemoryReplicatedLog(SEGMENT);
        SlaveLink a = fixture.slave(wrongSecret, new GroupCredentials("DefaultCluster", "broker-a", "guess"), address(master));
        SlaveLink b = fixture.slave(wrongCluster, new GroupCredentials("OtherCluster", "broker-a", "s3cret"), address(master));
        SlaveLink c = fixture.slave(wrongName, new GroupCredentials("DefaultCluster", "broker-b", "s3cret"), address(master));

        Thread.sleep(600); // several reconnect rounds of each (50..200 ms backoff)
        assertTrue(master.replicas().isEmpty());
        assertEquals(false, everListed.get());
        assertEquals(0, wrongSecret.maxOffset() + wrongCluster.maxOffset() + wrongName.maxOffset(), "nothing was streamed");
        assertEquals(0, a.streamsStarted() + b.streamsStarted() + c.streamsStarted());
    }

    @Test
    void randomBytesAndForgedReportsNeverCount() throws Exception {
        InMemoryReplicatedLog masterLog = new InMemoryReplicatedLog(SEGMENT);
        masterLog.append(fixture.randomBytes(1_000));
        MasterLink master = fixture.master(masterLog);
        AtomicBoolean everListed = new AtomicBoolean();
        master.onChange(() -> everListed.compareAndSet(false, !master.replicas().isEmpty()));
        InetSocketAddress port = address(master);

        try (SocketChannel noise = SocketChannel.open(port)) {
            LinkProtocol.readFully(noise, LinkProtocol.NONCE_BYTES);
            for (int i = 0; i < 10; i++) {
                LinkProtocol.writeFully(noise, ByteBuffer.wrap(fixture.randomBytes(8)));
                LinkFixture.report(noise, Long.MAX_VALUE);
            }
        } catch (java.io.IOException expected) {
            // the master may close first
        }
        // skipping the hello altogether: the classic protocol's bare report
        try (SocketChannel bare = SocketChannel.open(port)) {
            LinkFixture.report(bare, Long.MAX_VALUE);
            LinkFixture.report(bare, Long.MAX_VALUE);
        } catch (java.io.IOException expected) {
            // the master may close first
        }
        SocketChannel forged = fixture.helloAs(port, new GroupCredentials("DefaultCluster", "broker-a", "wrong"), 0);
        try {
            LinkFixture.report(forged, Long.MAX_VALUE);
        } catch (java.io.IOException expected) {
            // the master may close first
        }

        Thread.sleep(300);
        assertTrue(master.replicas().isEmpty());
        assertEquals(false, everListed.get());
    }

    @Test
    void anAuthenticatedSlaveReportingBeyondTheMastersMaxIsDroppedNotCounted() throws Exception {
        InMemoryReplicatedLog masterLog = new InMemoryReplicatedLog(SEGMENT);
        masterLog.append(fixture.randomBytes(1_000));
        MasterLink master = fixture.master(masterLog);
        AtomicBoolean overcounted = new AtomicBoolean();
        master.onChange(() -> master.replicas().forEach(r -> {
            if (r.ackedOffset() > masterLog.maxOffset()) {
                overcounted.set(true);
            }
        }));

        SocketChannel liar = fixture.helloAs(address(master), GROUP, 0);
        LinkProtocol.readVerdict(liar);
        await("it is listed", () -> master.replicas().size() == 1);
        LinkFixture.report(liar, Long.MAX_VALUE);

        await("it is dropped", () -> master.replicas().isEmpty());
        assertEquals(false, overcounted.get());
    }
}
