package io.ballast.broker.offset;

import io.ballast.broker.metadata.ChangedDocument;
import io.ballast.broker.metadata.JsonFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Committed consumer offsets: for each {@code topic@group}, queue id → the next offset to consume.
 * Kept in memory and persisted as {@code config/consumerOffset.json} in upstream's shape
 * ({@code offsetTable}) by {@link #persist()}, which the broker calls every
 * {@code flushConsumerOffsetInterval} and once more on a clean stop, so a clean stop loses
 * nothing and a kill loses at most one interval of commits (the consumer then re-reads them:
 * at-least-once). Change listeners (the metadata watch of slaves) hear about every commit that
 * moved an offset; a commit of the value already held (consumers repeat theirs every 5 s) is no
 * change. Thread-safe.
 */
public final class ConsumerOffsets {
    private static final char SEPARATOR = '@';

    /** The file's JSON shape. */
    public record Table(Map<String, Map<Integer, Long>> offsetTable) {
        public Table {
            offsetTable = offsetTable == null ? Map.of() : offsetTable;
        }
    }

    private final ChangedDocument document;
    private final ConcurrentHashMap<String, ConcurrentHashMap<Integer, Long>> table = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private ConsumerOffsets(JsonFile file) {
        this.document = new ChangedDocument(file);
    }

    public static ConsumerOffsets open(JsonFile file) throws IOException {
        ConsumerOffsets offsets = new ConsumerOffsets(file);
        file.read(Table.class).ifPresent(t -> t.offsetTable().forEach((key, queues) ->
                offsets.table.put(key, new ConcurrentHashMap<>(queues))));
        return offsets;
    }

    private static String key(String group, String topic) {
        return topic + SEPARATOR + group;
    }

    /** Called after every change, on the changing thread (a commit's): keep it cheap. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    public void commit(String group, String topic, int queueId, long offset) {
        Long before = table.computeIfAbsent(key(group, topic), k -> new ConcurrentHashMap<>()).put(queueId, offset);
        document.markChanged();
        if (before == null || before != offset) {
            changed();
        }
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }

    /** The committed offset, or empty when the group never committed one for that queue. */
    public OptionalLong query(String group, String topic, int queueId) {
        Map<Integer, Long> queues = table.get(key(group, topic));
        Long offset = queues == null ? null : queues.get(queueId);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    /** Queue id → committed offset of one group on one topic; empty when none. */
    public Map<Integer, Long> offsets(String group, String topic) {
        Map<Integer, Long> queues = table.get(key(group, topic));
        return queues == null ? Map.of() : new TreeMap<>(queues);
    }

    /** The groups that committed offsets on {@code topic}. */
    public Set<String> groupsOf(String topic) {
        String prefix = topic + SEPARATOR;
        return table.keySet().stream().filter(k -> k.startsWith(prefix))
                .map(k -> k.substring(prefix.length())).collect(Collectors.toSet());
    }

    /** The topics {@code group} committed offsets on. */
    public Set<String> topicsOf(String group) {
        String suffix = SEPARATOR + group;
        return table.keySet().stream().filter(k -> k.endsWith(suffix))
                .map(k -> k.substring(0, k.length() - suffix.length())).collect(Collectors.toSet());
    }

    public void deleteTopic(String topic) {
        if (table.keySet().removeIf(k -> k.startsWith(topic + SEPARATOR))) {
            document.markChanged();
            changed();
        }
    }

    public void deleteGroup(String group) {
        if (table.keySet().removeIf(k -> k.endsWith(SEPARATOR + group))) {
            document.markChanged();
            changed();
        }
    }

    /** One committed offset, as UPDATE_CONSUMER_OFFSET carries it. */
    public record Commit(String group, String topic, int queueId, long offset) {
    }

    /**
     * Takes offsets from another broker's table (a slave's sync from its master) without ever
     * moving one backwards: per queue the larger of the two stays, so a commit made on this broker
     * while the other could not be reached survives the sync.
     */
    public void mergeForward(Table other) {
        AtomicBoolean moved = new AtomicBoolean();
        other.offsetTable().forEach((key, queues) -> {
            if (key == null || queues == null || key.indexOf(SEPARATOR) <= 0) {
                return;
            }
            queues.forEach((queueId, offset) -> {
                if (queueId == null || offset == null || queueId < 0 || offset < 0) {
                    return;
                }
                ConcurrentHashMap<Integer, Long> mine = table.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
                Long before = mine.get(queueId);
                if (before == null || offset > before) {
                    mine.merge(queueId, offset, Math::max);
                    document.markChanged();
                    moved.set(true);
                }
            });
        });
        if (moved.get()) {
            changed();
        }
    }

    /**
     * The commits this broker holds ahead of {@code other}'s table (an offset the other lacks
     * counts as behind), limited to {@code topics}: what a slave carries back to its master.
     */
    public List<Commit> aheadOf(Table other, Set<String> topics) {
        List<Commit> ahead = new ArrayList<>();
        for (Map.Entry<String, ConcurrentHashMap<Integer, Long>> e : table.entrySet()) {
            int at = e.getKey().indexOf(SEPARATOR);
            String topic = at > 0 ? e.getKey().substring(0, at) : null;
            if (topic == null || !topics.contains(topic)) {
                continue;
            }
            Map<Integer, Long> theirs = other.offsetTable().getOrDefault(e.getKey(), Map.of());
            e.getValue().forEach((queueId, offset) -> {
                Long their = theirs.get(queueId);
                if (their == null || offset > their) {
                    ahead.add(new Commit(e.getKey().substring(at + 1), topic, queueId, offset));
                }
            });
        }
        return ahead;
    }

    public Table snapshot() {
        Map<String, Map<Integer, Long>> copy = new TreeMap<>();
        for (Map.Entry<String, ConcurrentHashMap<Integer, Long>> e : table.entrySet()) {
            copy.put(e.getKey(), new TreeMap<>(e.getValue()));
        }
        return new Table(copy);
    }

    /** Writes the table if anything changed since the last write. */
    public void persist() throws IOException {
        document.persist(this::snapshot);
    }

    /** For tests and the stop path: whether commits are waiting to be written. */
    boolean isDirty() {
        return document.isChanged();
    }

}
