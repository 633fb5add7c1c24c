package io.ballast.itest.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.itest.fixture.MasterSlavePair;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A SYNC_MASTER with no slave, and strangers on its HA port: one writing random bytes, one
 * reporting the upstream protocol's 8-byte offset Long.MAX_VALUE ("I have everything") over and
 * over, reconnecting whenever the master drops it. No send may be answered SEND_OK: only
 * SLAVE_NOT_AVAILABLE or FLUSH_SLAVE_TIMEOUT (RocketMQ #1155, #3015).
 */
class StrayHaClientIT {
    private static final int SENDS = 20;

    @RegisterExtension
    static final MasterSlavePair pair = MasterSlavePair.builder("SYNC_MASTER").withoutSlave()
            .both("slaveTimeout", "1000")
            .build();

    private final Clients clients = new Clients(pair.nameServerAddress());
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> strangers = new ArrayList<>();

    @AfterEach
    void stopStrangers() throws InterruptedException {
        stop.set(true);
        for (Thread stranger : strangers) {
            stranger.join(10_000);
        }
        clients.close();
    }

    @Test
    void strangersOnTheHaPortNeverMakeASendSucceed() throws Exception {
        InetSocketAddress haPort = haAddress();
        Random random = new Random(42);
        stranger("random-bytes", haPort, out -> {
            byte[] junk = new byte[4096];
            random.nextBytes(junk);
            out.write(junk);
        });
        stranger("huge-offset", haPort, out -> out.write(ByteBuffer.allocate(Long.BYTES).putLong(Long.MAX_VALUE).array()));
        Thread.sleep(500); // let both strangers connect and say their piece before the first send

        String topic = Clients.unique("Stray");
        DefaultMQProducer producer = clients.producer();
        SendLedger ledger = new SendLedger();
        for (int i = 0; i < SENDS; i++) {
            String key = "s-" + i;
            try {
                ledger.record(key, producer.send(KeyedLoad.keyed(topic, key)));
            } catch (Exception e) {
                ledger.failed(key, e);
            }
        }
        System.out.println("[StrayHaClientIT] " + ledger.summary());
        assertEquals(0, ledger.count(SendStatus.SEND_OK), "a send answered SEND_OK with no replica: " + ledger.summary());
        assertEquals(SENDS, ledger.count(SendStatus.SLAVE_NOT_AVAILABLE) + ledger.count(SendStatus.FLUSH_SLAVE_TIMEOUT),
                "every send answered SLAVE_NOT_AVAILABLE or FLUSH_SLAVE_TIMEOUT: " + ledger.summary());
        assertTrue(pair.master().isRunning(), "the master survived the strangers");
    }

    private static InetSocketAddress haAddress() {
        String host = pair.master().setting("brokerIP1").orElseThrow();
        int port = Integer.parseInt(pair.master().setting("haListenPort").orElseThrow());
        return new InetSocketAddress(host, port);
    }

    private interface Say {
        void to(OutputStream out) throws IOException;
    }

    /** A thread that connects, says its piece every 100 ms, and reconnects when dropped, until the test ends. */
    private void stranger(String name, InetSocketAddress address, Say say) {
        Thread thread = new Thread(() -> {
            while (!stop.get()) {
                try (Socket socket = new Socket()) {
                    socket.connect(address, 2000);
                    OutputStream out = socket.getOutputStream();
                    while (!stop.get()) {
                        say.to(out);
                        out.flush();
                        Thread.sleep(100);
                    }
                } catch (IOException e) {
                    sleepQuietly(); // dropped or refused: try again
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "stranger-" + name);
        thread.setDaemon(true);
        thread.start();
        strangers.add(thread);
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
