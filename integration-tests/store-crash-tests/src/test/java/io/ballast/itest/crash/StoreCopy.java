package io.ballast.itest.crash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Copies and deletes store directories (a store is a plain tree of files). */
final class StoreCopy {
    private StoreCopy() {
    }

    /**
     * Makes {@code to} an exact copy of the tree at {@code from}. A file the copy already holds
     * byte for byte is left alone: most of a store is sealed segments, and comparing them costs
     * far less than writing hundreds of megabytes again every round.
     */
    static void mirror(Path from, Path to) throws IOException {
        Set<Path> wanted = new HashSet<>();
        List<Path> sources;
        try (Stream<Path> tree = Files.walk(from)) {
            sources = tree.toList();
        }
        for (Path source : sources) {
            Path target = to.resolve(from.relativize(source).toString());
            wanted.add(target);
            if (Files.isDirectory(source)) {
                Files.createDirectories(target);
            } else if (!Files.isRegularFile(target) || Files.mismatch(source, target) != -1L) {
                Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        List<Path> existing;
        try (Stream<Path> tree = Files.walk(to)) {
            existing = tree.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : existing) {
            if (!wanted.contains(path)) {
                Files.delete(path);
            }
        }
    }

    static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> tree = Files.walk(root)) {
            paths = tree.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : paths) {
            Files.delete(path);
        }
    }
}
