package io.ballast.launcher;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * One running broker per data directory. An OS file lock on {@code data/ballast.lock} is the
 * truth (it dies with the process, so a {@code kill -9} never leaves a stale claim);
 * {@code data/ballast.pid} is the record that {@code bin/ballast stop} and {@code status} read.
 */
final class InstanceLock implements AutoCloseable {
    private final Path pidFile;
    private final FileChannel channel;
    private final FileLock lock;

    private InstanceLock(Path pidFile, FileChannel channel, FileLock lock) {
        this.pidFile = pidFile;
        this.channel = channel;
        this.lock = lock;
    }

    static InstanceLock acquire(Path dataDir) throws LauncherException {
        Path pidFile = dataDir.resolve("ballast.pid");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(dataDir.resolve("ballast.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new LauncherException("already running" + runningPid(pidFile) + " with data directory " + dataDir);
            }
            Path tmp = dataDir.resolve("ballast.pid.tmp");
            Files.writeString(tmp, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, pidFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new InstanceLock(pidFile, channel, lock);
        } catch (OverlappingFileLockException e) {
            throw new LauncherException("already running in this JVM with data directory " + dataDir);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new LauncherException("cannot lock " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static String runningPid(Path pidFile) {
        try {
            return " (pid " + Files.readString(pidFile, StandardCharsets.US_ASCII).trim() + ")";
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(pidFile);
            lock.release();
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        } finally {
            closeQuietly(channel);
        }
    }
}
