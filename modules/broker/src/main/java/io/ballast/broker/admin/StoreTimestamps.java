package io.ballast.broker.admin;

import io.ballast.spi.store.MessageStore;
import io.ballast.spi.store.ReadResult;
import io.ballast.spi.store.StoredRecord;
import java.nio.ByteBuffer;

/**
 * The store time of a message, read from its record (wire format §3.1):
 *
 * <pre>
 * 0 TOTALSIZE | 4 MAGIC | 8 BODYCRC | 12 QUEUEID | 16 FLAG | 20 QUEUEOFFSET | 28 PHYSICALOFFSET
 * 36 SYSFLAG | 40 BORNTIMESTAMP | 48 BORNHOST (8, or 20 when SYSFLAG has 0x10) | STORETIMESTAMP (8)
 * </pre>
 *
 * The stats answers show it as "last updated" (the newest message of a queue) and as the time
 * of the last message a group consumed.
 */
final class StoreTimestamps {
    private static final int SYSFLAG = 36;
    private static final int BORN_HOST = 48;
    private static final int BORN_HOST_V6 = 0x10;

    private StoreTimestamps() {
    }

    /** The store timestamp of the message at {@code queueOffset}, or 0 when it cannot be read. */
    static long at(MessageStore store, String topic, int queueId, long queueOffset) {
        if (queueOffset < 0) {
            return 0;
        }
        ReadResult result = store.read(topic, queueId, queueOffset, 1, 1);
        if (result.status() != ReadResult.Status.FOUND || result.records().isEmpty()) {
            return 0;
        }
        return of(result.records().get(0));
    }

    static long of(StoredRecord record) {
        ByteBuffer bytes = record.bytes();
        int base = bytes.position();
        int sysFlag = bytes.getInt(base + SYSFLAG);
        int storeTimestamp = BORN_HOST + ((sysFlag & BORN_HOST_V6) != 0 ? 20 : 8);
        return bytes.limit() - base >= storeTimestamp + 8 ? bytes.getLong(base + storeTimestamp) : 0;
    }
}
