package io.ballast.itest.crash;

import io.ballast.store.commitlog.RecordView;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Reads the commitlog files directly, without the store, from the first segment to the end:
 * the ground truth the consume queues are checked against. Every byte must be a whole record,
 * a segment's BLANK tail, or the zeros after the last record; anything else fails the walk.
 *
 * <p>Each new record is handed to a {@link RecordCheck}. A segment that is sealed (closed by its
 * BLANK marker) and whose bytes have the same CRC32C as at the previous walk is not parsed again:
 * its records were checked then, and unchanged bytes hold unchanged records. Without this the
 * audits would grow with the square of the rounds. One walker per store directory; not thread-safe.
 */
final class CommitLogWalk {
    /** One record: where it is, which queue entry it claims, and which message it carries. */
    record Located(long physicalOffset, int size, String topic, int queueId, long queueOffset, long n,
                   long storeTimestamp) {
    }

    /** The records in commitlog order, and the offset just past the last one. */
    record Result(List<Located> records, long endOffset) {
    }

    /** Judges a record seen for the first time (or in a segment that changed); throws AssertionError if it is wrong. */
    @FunctionalInterface
    interface RecordCheck {
        void check(RecordView record, Located located);
    }

    private record Sealed(long crc, List<Located> records) {
    }

    private final Map<Long, Sealed> sealed = new HashMap<>();

    private static boolean allZero(ByteBuffer bytes) {
        for (int i = 0; i < bytes.limit(); i++) {
            if (bytes.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    Result walk(Path commitLogDirectory, RecordCheck check) throws IOException {
        List<Path> segments;
        try (Stream<Path> files = Files.list(commitLogDirectory)) {
            segments = files.sorted().toList();
        }
        List<Located> records = new ArrayList<>();
        long expectedBase = 0;
        long end = 0;
        boolean ended = false;
        for (Path path : segments) {
            long base = Long.parseLong(path.getFileName().toString());
            if (base != expectedBase) {
                throw new AssertionError("commitlog segment " + path + " where " + expectedBase + " was expected");
            }
            ByteBuffer segment = ByteBuffer.wrap(Files.readAllBytes(path));
            if (ended) {
                // The only file allowed past the end is the next segment, prepared ahead of need
                // and still all zeros; anything else is data recovery failed to cut.
                if (base != expectedBase || !allZero(segment)) {
                    throw new AssertionError("commitlog segment " + path + " after the end of the log at " + end
                            + " is not an empty prepared segment");
                }
                expectedBase = -1; // and only one of them
                continue;
            }
            if (segment.capacity() != CrashStore.SEGMENT_SIZE) {
                throw new AssertionError(path + " is " + segment.capacity() + " bytes");
            }
            CRC32C crc = new CRC32C();
            crc.update(segment.duplicate());
            Sealed known = sealed.get(base);
            if (known != null && known.crc() == crc.getValue()) {
                records.addAll(known.records());
                end = base + segment.capacity();
            } else {
                List<Located> inSegment = new ArrayList<>();
                int position = walkSegment(path, base, segment, inSegment, check);
                records.addAll(inSegment);
                if (position < 0) {
                    sealed.put(base, new Sealed(crc.getValue(), inSegment));
                    end = base + segment.capacity();
                } else {
                    sealed.remove(base);
                    end = base + position;
                    ended = true;
                }
            }
            expectedBase = base + segment.capacity();
        }
        return new Result(records, end);
    }

    /** Returns -1 if the segment is sealed by a BLANK, else the position where its records end. */
    private static int walkSegment(Path path, long base, ByteBuffer segment, List<Located> into, RecordCheck check) {
        int position = 0;
        while (true) {
            RecordView.Check found = RecordView.check(segment, position, base + position);
            if (found instanceof RecordView.Valid valid) {
                RecordView view = valid.view();
                Located located = new Located(base + position, view.totalSize(), view.topic(), view.queueId(),
                        view.queueOffset(), NumberedMessages.numberOf(view), view.storeTimestamp());
                check.check(view, located);
                into.add(located);
                position += view.totalSize();
            } else if (found instanceof RecordView.Blank) {
                return -1;
            } else if (found instanceof RecordView.End) {
                requireZeros(segment, position, path);
                return position;
            } else {
                throw new AssertionError("commitlog " + path + " holds a damaged record at " + (base + position)
                        + " after recovery: " + found);
            }
        }
    }

    /** Recovery zeroes a cut tail, so nothing of a torn record may remain to be read later. */
    private static void requireZeros(ByteBuffer segment, int from, Path path) {
        for (int i = from; i < segment.capacity(); i++) {
            if (segment.get(i) != 0) {
                throw new AssertionError("commitlog " + path + " has non-zero bytes at position " + i + " past its last record");
            }
        }
    }
}
