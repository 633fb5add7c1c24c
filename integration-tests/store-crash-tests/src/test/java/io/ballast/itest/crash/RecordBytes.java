package io.ballast.itest.crash;

import io.ballast.spi.message.MessageProperties;
import io.ballast.store.commitlog.MessageRecord;
import io.ballast.store.commitlog.RecordView;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Compares a stored record with message n as the child sent it, byte for byte: the record is
 * encoded again from n with the place the store gave it (queue offset, physical offset, store
 * time, which the record itself states and the ACK confirms separately).
 *
 * <p>One exception: the properties are compared as a map. Message keeps them in an immutable Map
 * whose iteration order is salted per JVM, so two JVMs encode the same properties in different
 * orders; the store keeps whatever order the sender used.
 */
final class RecordBytes {
    private RecordBytes() {
    }

    /** Null if the record is message n; otherwise what differs. */
    static String difference(RecordView stored, long n) {
        MessageRecord.Encoded encoded = MessageRecord.encode(NumberedMessages.message(n), CrashStore.STORE_HOST);
        ByteBuffer expected = ByteBuffer.allocate(encoded.size());
        MessageRecord.write(expected, encoded, stored.queueOffset(), stored.physicalOffset(), stored.storeTimestamp(),
                CrashStore.STORE_HOST);
        expected.flip();
        ByteBuffer actual = stored.bytes();
        if (actual.remaining() != expected.remaining()) {
            return "record of " + actual.remaining() + " bytes, message " + n + " encodes to " + expected.remaining();
        }
        int beforeProperties = expected.remaining() - encoded.properties().length;
        int mismatch = expected.slice(0, beforeProperties).mismatch(actual.slice(0, beforeProperties));
        if (mismatch >= 0) {
            return "record differs from message " + n + " at byte " + mismatch;
        }
        var expectedProperties = MessageProperties.decode(new String(encoded.properties(), StandardCharsets.UTF_8));
        if (!expectedProperties.equals(stored.properties())) {
            return "properties " + stored.properties() + ", message " + n + " had " + expectedProperties;
        }
        return null;
    }
}
