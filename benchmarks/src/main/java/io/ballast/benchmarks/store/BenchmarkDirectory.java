package io.ballast.benchmarks.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A fresh directory under {@code java.io.tmpdir} for one trial's files. The disk under it is
 * what the figures describe, so it must be a real filesystem, not tmpfs: point the benchmarks
 * elsewhere with {@code -jvmArgsAppend -Djava.io.tmpdir=/some/disk}.
 */
final class BenchmarkDirectory {
    private BenchmarkDirectory() {
    }

    static Path create(String purpose) throws IOException {
        return Files.createTempDirectory("ballast-bench-" + purpose + "-");
    }

    /**
     * Deletes the directory and everything in it. Files still memory-mapped lose their names at
     * once but keep their blocks until the mapping is collected (Java 17 cannot unmap); each
     * benchmark runs in its own fork, so that happens at the latest when the fork exits.
     */
    static void delete(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not clean " + directory, e);
        }
    }
}
