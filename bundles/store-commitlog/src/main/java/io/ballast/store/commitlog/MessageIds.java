package io.ballast.store.commitlog;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * RocketMQ's offset message id: store host address (4 or 16 bytes), port (int) and commitlog
 * offset (long), as upper-case hex — 32 characters for IPv4, 56 for IPv6. VIEW_MESSAGE_BY_ID
 * decodes it back to an offset.
 */
public final class MessageIds {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private MessageIds() {
    }

    public static String offsetMessageId(InetSocketAddress storeHost, long physicalOffset) {
        byte[] address = storeHost.getAddress().getAddress();
        ByteBuffer id = ByteBuffer.allocate(address.length + 4 + 8);
        id.put(address).putInt(storeHost.getPort()).putLong(physicalOffset);
        return HEX.formatHex(id.array());
    }

    /** The commitlog offset inside an offset message id. */
    public static long physicalOffset(String offsetMessageId) {
        byte[] id = HEX.parseHex(offsetMessageId);
        if (id.length != 16 && id.length != 28) {
            throw new IllegalArgumentException("not an offset message id: " + offsetMessageId);
        }
        return ByteBuffer.wrap(id).getLong(id.length - 8);
    }
}
