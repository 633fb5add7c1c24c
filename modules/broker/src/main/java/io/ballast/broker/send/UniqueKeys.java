package io.ballast.broker.send;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * UNIQ_KEYs for messages whose producer set none, in the client's shape (wire format §3.5), so
 * tools that read a time out of a message id still can: 32 upper-case hex characters =
 * broker IPv4 address (4 bytes) + process id (2) + a random instance number (4) + ms since the
 * start of the current month, UTC (4) + a counter (2). Thread-safe.
 */
public final class UniqueKeys {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private final byte[] prefix;
    private final AtomicInteger counter = new AtomicInteger();

    public UniqueKeys(String brokerHost) {
        ByteBuffer p = ByteBuffer.allocate(10);
        p.put(ipv4(brokerHost)).putShort((short) ProcessHandle.current().pid())
                .putInt(ThreadLocalRandom.current().nextInt());
        this.prefix = p.array();
    }

    private static byte[] ipv4(String host) {
        try {
            byte[] address = InetAddress.getByName(host).getAddress();
            return address.length == 4 ? address : new byte[] {127, 0, 0, 1};
        } catch (UnknownHostException | SecurityException e) {
            return new byte[] {127, 0, 0, 1};
        }
    }

    public String next() {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        long monthStart = now.withDayOfMonth(1).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        ByteBuffer id = ByteBuffer.allocate(16);
        id.put(prefix).putInt((int) (now.toInstant().toEpochMilli() - monthStart))
                .putShort((short) counter.getAndIncrement());
        return HEX.formatHex(id.array());
    }
}
