package io.ballast.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The folders one broker instance owns. {@code system/} (the bundles) always comes from the
 * distribution; {@code etc/ data/ logs/ deploy/} live under the instance's base, so several
 * instances run from one unpacked tarball. A new base gets a copy of the distribution's etc/,
 * which the operator then edits for that instance alone.
 */
record InstanceDirs(Path home, Path base, Path system, Path etc, Path data, Path logs, Path deploy) {

    static InstanceDirs prepare(Path home, Path base) throws LauncherException {
        Path system = home.resolve("system");
        if (!Files.isDirectory(system)) {
            throw new LauncherException("no system/ folder under " + home + ": is --home an unpacked distribution?");
        }
        InstanceDirs dirs = new InstanceDirs(home, base, system, base.resolve("etc"), base.resolve("data"),
                base.resolve("logs"), base.resolve("deploy"));
        try {
            Files.createDirectories(base);
        } catch (IOException e) {
            throw new LauncherException("cannot create base directory " + base + ": " + e.getMessage(), e);
        }
        if (!base.equals(home) && isEmptyOrMissing(dirs.etc)) {
            copyTree(home.resolve("etc"), dirs.etc);
        }
        for (Path dir : new Path[] {dirs.etc, dirs.data, dirs.logs, dirs.deploy}) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new LauncherException("cannot create " + dir + ": " + e.getMessage(), e);
            }
        }
        requireWritable(dirs.data, "data");
        requireWritable(dirs.logs, "logs");
        return dirs;
    }

    /** Whether the directory accepts a new file: checked by writing one, as permission bits lie for root. */
    private static void requireWritable(Path dir, String what) throws LauncherException {
        try {
            Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new LauncherException(what + " directory " + dir + " is not writable");
        }
    }

    private static boolean isEmptyOrMissing(Path dir) throws LauncherException {
        if (!Files.isDirectory(dir)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new LauncherException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void copyTree(Path from, Path to) throws LauncherException {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new LauncherException("cannot copy the default configuration to " + to + ": " + e.getMessage(), e);
        }
    }
}
