package io.ballast.broker.metadata;

import io.ballast.remoting.protocol.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One JSON document on disk, replaced atomically: written to a temporary file beside it, forced,
 * renamed over the old one, and the directory forced, so after a crash the file holds either the
 * old or the new document, never a torn mix. The previous version is kept as {@code name.bak}
 * and read if the main file is missing (a crash between rename steps on file systems without
 * atomic rename).
 */
public final class JsonFile {
    private final Path path;

    public JsonFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** @return the document, or empty if neither the file nor its backup exists */
    public <T> Optional<T> read(Class<T> type) throws IOException {
        for (Path candidate : new Path[] {path, backup()}) {
            if (Files.exists(candidate)) {
                byte[] bytes = Files.readAllBytes(candidate);
                if (bytes.length > 0) {
                    return Optional.of(Json.read(bytes, type));
                }
            }
        }
        return Optional.empty();
    }

    public synchronized void write(Object document) throws IOException {
        byte[] bytes = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(document);
        Files.createDirectories(path.getParent());
        Path temp = path.resolveSibling(path.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            ch.force(true);
        }
        if (Files.exists(path)) {
            Files.copy(path, backup(), StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(path.getParent());
    }

    private Path backup() {
        return path.resolveSibling(path.getFileName() + ".bak");
    }

    /** Makes the rename itself durable; not every platform lets a directory be opened, hence the catch. */
    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Windows cannot open a directory; the rename is as durable as the platform allows.
        }
    }
}
