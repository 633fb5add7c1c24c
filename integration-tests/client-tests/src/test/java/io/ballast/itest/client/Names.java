package io.ballast.itest.client;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Topic and group names no other test (or earlier run against the same broker) uses. Short: a
 * retry or DLQ topic adds 7 characters, and a topic over 127 bytes cannot be stored in the V1
 * record 4.9.x clients read.
 */
public final class Names {
    private Names() {
    }

    public static String unique(String purpose) {
        return purpose + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
    }
}
