package io.ballast.broker.client;

import java.nio.ByteBuffer;

/**
 * Reads STORETIMESTAMP out of a stored record (wire format §3.1) without decoding the rest:
 *
 * <pre>
 * 0 TOTALSIZE int | 4 MAGICCODE int | 8 BODYCRC int | 12 QUEUEID int | 16 FLAG int
 * 20 QUEUEOFFSET long | 28 PHYSICALOFFSET long | 36 SYSFLAG int | 40 BORNTIMESTAMP long
 * 48 BORNHOST 8 bytes (IPv4) or 20 (IPv6, SYSFLAG 0x10) | then STORETIMESTAMP long
 * </pre>
 *
 * so the store time sits at 56, or at 68 when the born host is IPv6.
 */
final class StoreTimestamp {
    private static final int SYSFLAG = 36;
    private static final int BORN_HOST = 48;
    private static final int BORNHOST_V6_FLAG = 0x10;

    private StoreTimestamp() {
    }

    /** @return the store time in ms, or -1 when the record is too short to hold one */
    static long of(ByteBuffer record) {
        int base = record.position();
        if (record.remaining() < BORN_HOST + 20 + 8) {
            return -1;
        }
        int sysFlag = record.getInt(base + SYSFLAG);
        int bornHostLength = (sysFlag & BORNHOST_V6_FLAG) != 0 ? 20 : 8;
        return record.getLong(base + BORN_HOST + bornHostLength);
    }
}
