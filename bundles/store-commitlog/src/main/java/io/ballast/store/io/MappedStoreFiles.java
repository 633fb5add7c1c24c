package io.ballast.store.io;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The production {@link StoreFiles}: each file memory-mapped whole, read and written through the
 * mapping, forced with {@link MappedByteBuffer#force()}.
 */
public final class MappedStoreFiles implements StoreFiles {

    @Override
    public StoreFile open(Path path, int size) throws IOException {
        return open(path, size, false);
    }

    @Override
    public StoreFile openPreallocated(Path path, int size) throws IOException {
        return open(path, size, true);
    }

    private static StoreFile open(Path path, int size, boolean preallocate) throws IOException {
        boolean created = !Files.exists(path);
        if (created) {
            Files.createDirectories(path.getParent());
        }
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            if (file.length() < size) {
                if (preallocate) {
                    fillWithZeros(file.getChannel(), file.length(), size);
                } else {
                    file.setLength(size); // sparse: reads as zeros, as the recovery rules assume
                }
            }
            MappedByteBuffer mapping = file.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, size);
            if (created) {
                forceDirectory(path.getParent());
            }
            return new MappedFile(path, mapping);
        }
    }

    /** Allocates [from, size) by writing zeros, and makes the allocation durable. */
    private static void fillWithZeros(FileChannel channel, long from, int size) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
        for (long position = from; position < size; position += zeros.capacity()) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), size - position));
            while (zeros.hasRemaining()) {
                channel.write(zeros, position + zeros.position());
            }
        }
        channel.force(true);
    }

    /** Makes a new directory entry durable: without this a power cut can lose a forced file. */
    private static void forceDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path);
    }

    @Override
    public List<Path> list(Path directory) throws IOException {
        return children(directory, false);
    }

    @Override
    public List<Path> directories(Path directory) throws IOException {
        return children(directory, true);
    }

    private static List<Path> children(Path directory, boolean directories) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(p -> directories ? Files.isDirectory(p) : Files.isRegularFile(p)).sorted().toList();
        }
    }

    @Override
    public void delete(Path path) throws IOException {
        Files.deleteIfExists(path);
    }

    @Override
    public long usableSpace(Path path) throws IOException {
        return Files.getFileStore(existing(path)).getUsableSpace();
    }

    @Override
    public long totalSpace(Path path) throws IOException {
        return Files.getFileStore(existing(path)).getTotalSpace();
    }

    private static Path existing(Path path) {
        Path p = path.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p == null ? path.toAbsolutePath().getRoot() : p;
    }

    private static final class MappedFile implements StoreFile {
        private final Path path;
        private final MappedByteBuffer mapping;

        MappedFile(Path path, MappedByteBuffer mapping) {
            this.path = path;
            this.mapping = mapping;
        }

        @Override
        public Path path() {
            return path;
        }

        @Override
        public int size() {
            return mapping.capacity();
        }

        @Override
        public void write(int position, ByteBuffer source) {
            mapping.put(position, source, source.position(), source.remaining());
        }

        @Override
        public ByteBuffer slice(int position, int length) {
            return mapping.slice(position, length).asReadOnlyBuffer();
        }

        @Override
        public void force() throws IOException {
            try {
                mapping.force();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }

        @Override
        public void force(int position, int length) throws IOException {
            try {
                mapping.force(position, length);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }

        @Override
        public void close() {
            // A mapping is released when it is garbage collected; Java 17 has no supported unmap.
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }
}
