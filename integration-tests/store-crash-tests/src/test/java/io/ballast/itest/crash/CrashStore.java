package io.ballast.itest.crash;

import io.ballast.store.StoreSettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/** The store layout the writer and the audit share: small files, so every run crosses many file boundaries. */
final class CrashStore {
    static final InetSocketAddress STORE_HOST = new InetSocketAddress("127.0.0.1", 10911);
    static final int SEGMENT_SIZE = 256 * 1024;

    private CrashStore() {
    }

    static StoreSettings settings(Path root) {
        // 4,096 entries per consume-queue file and a small index roll their files within a round too.
        // The disk guard is set high: this test is about crashes, not about a full disk.
        return new StoreSettings(root, SEGMENT_SIZE, 4096, 16 * 1024, STORE_HOST, Duration.ofHours(72), 98,
                20_011, 80_000);
    }
}
