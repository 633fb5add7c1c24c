package io.ballast.broker.delay;

import io.ballast.broker.metadata.ChangedDocument;
import io.ballast.broker.metadata.JsonFile;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * How far the delivery of each delay level has got: the next schedule-queue offset to look at.
 * Persisted as {@code config/delayOffset.json} in upstream's shape, keyed by level:
 *
 * <pre>
 * {"offsetTable":{"1":12,"3":40}}
 * </pre>
 *
 * An offset only moves past a message once its copy in the real topic is stored (and durable as
 * the bound policies promise), so the file never claims a delivery that did not happen; after a
 * crash, deliveries made since the last write happen again (at-least-once). Change listeners (the
 * metadata watch of slaves) hear about every move. Thread-safe.
 */
public final class DelayOffsets {

    /** The file's JSON shape. */
    public record Table(Map<Integer, Long> offsetTable) {
        public Table {
            offsetTable = offsetTable == null ? Map.of() : offsetTable;
        }
    }

    private final ChangedDocument document;
    private final ConcurrentHashMap<Integer, Long> offsets = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private DelayOffsets(JsonFile file) {
        this.document = new ChangedDocument(file);
    }

    public static DelayOffsets open(JsonFile file) throws IOException {
        DelayOffsets table = new DelayOffsets(file);
        file.read(Table.class).ifPresent(t -> t.offsetTable().forEach((level, offset) -> {
            if (level != null && offset != null && offset >= 0) {
                table.offsets.put(level, offset);
            }
        }));
        return table;
    }

    /** Called after every move, on the moving thread (the delivery's): keep it cheap. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** The next offset of the level's schedule queue to deliver; 0 when none was delivered yet. */
    public long next(int level) {
        return offsets.getOrDefault(level, 0L);
    }

    /** Moves the level on; never backwards, so a late writer cannot undo a later delivery. */
    public void advance(int level, long next) {
        Long before = offsets.get(level);
        if (before == null || next > before) {
            offsets.merge(level, next, Math::max);
            document.markChanged();
            listeners.forEach(Runnable::run);
        }
    }

    public Table snapshot() {
        return new Table(new TreeMap<>(offsets));
    }

    /** Writes the table if it changed since the last write. */
    public void persist() throws IOException {
        document.persist(this::snapshot);
    }
}
