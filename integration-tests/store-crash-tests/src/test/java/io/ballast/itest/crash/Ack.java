package io.ballast.itest.crash;

import io.ballast.spi.store.AppendResult;

/**
 * One SEND_OK as the child reports it on stdout, one line each:
 * {@code ACK <n> <topic> <queueId> <queueOffset> <physicalOffset> <storeTimestamp> .}
 * The closing dot marks a whole line: a line the kill cut short is not an acknowledgement.
 */
record Ack(long n, String topic, int queueId, long queueOffset, long physicalOffset, long storeTimestamp) {
    private static final String PREFIX = "ACK ";
    private static final String END = " .";

    static Ack of(long n, String topic, int queueId, AppendResult result) {
        return new Ack(n, topic, queueId, result.queueOffset(), result.physicalOffset(), result.storeTimestamp());
    }

    String line() {
        return PREFIX + n + ' ' + topic + ' ' + queueId + ' ' + queueOffset + ' ' + physicalOffset + ' ' + storeTimestamp + END;
    }

    static boolean isAck(String line) {
        return line.startsWith(PREFIX);
    }

    /** Parses a line written by {@link #line()}; fails on anything else, including a torn line. */
    static Ack parse(String line) {
        if (!line.startsWith(PREFIX) || !line.endsWith(END)) {
            throw new IllegalArgumentException("not a whole ACK line: " + line);
        }
        String[] f = line.substring(PREFIX.length(), line.length() - END.length()).split(" ");
        if (f.length != 6) {
            throw new IllegalArgumentException("not a whole ACK line: " + line);
        }
        return new Ack(Long.parseLong(f[0]), f[1], Integer.parseInt(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]),
                Long.parseLong(f[5]));
    }
}
