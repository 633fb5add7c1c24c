package io.ballast.itest.ha;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The most bytes a TCP connection on this machine can hold between a writer and a reader that
 * stopped reading: the largest send buffer plus the largest receive buffer the kernel will grow
 * to (the third value of {@code tcp_wmem} and {@code tcp_rmem}).
 */
final class SocketBuffers {
    /** Used when /proc cannot be read: generous Linux defaults (4 MiB + 6 MiB), doubled. */
    private static final long FALLBACK = 2 * (4L + 6L) * 1024 * 1024;

    private SocketBuffers() {
    }

    static long largestInFlight() {
        try {
            return largest("tcp_wmem") + largest("tcp_rmem");
        } catch (IOException | RuntimeException e) {
            return FALLBACK;
        }
    }

    private static long largest(String name) throws IOException {
        String[] values = Files.readString(Path.of("/proc/sys/net/ipv4", name)).trim().split("\\s+");
        return Long.parseLong(values[values.length - 1]);
    }
}
