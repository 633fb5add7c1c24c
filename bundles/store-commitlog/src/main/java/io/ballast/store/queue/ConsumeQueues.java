package io.ballast.store.queue;

import io.ballast.store.io.StoreFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every consume queue of the store, by topic and queue id, under {@code store/consumequeue/}.
 * Queues are created on their first entry. Thread-safe.
 */
public final class ConsumeQueues {
    private final StoreFiles files;
    private final Path root;
    private final int entriesPerFile;
    private final ConcurrentHashMap<Key, ConsumeQueue> queues = new ConcurrentHashMap<>();

    private record Key(String topic, int queueId) {
    }

    public ConsumeQueues(StoreFiles files, Path root, int entriesPerFile) {
        this.files = files;
        this.root = root;
        this.entriesPerFile = entriesPerFile;
    }

    /** Opens every queue found on disk. */
    public void load() throws IOException {
        for (Path topicDir : files.directories(root)) {
            for (Path queueDir : files.directories(topicDir)) {
                int queueId;
                try {
                    queueId = Integer.parseInt(queueDir.getFileName().toString());
                } catch (NumberFormatException e) {
                    continue;
                }
                ConsumeQueue queue = new ConsumeQueue(files, queueDir, topicDir.getFileName().toString(), queueId, entriesPerFile);
                queue.load();
                queues.put(new Key(queue.topic(), queueId), queue);
            }
        }
    }

    /** The queue, created if it does not exist yet (its files appear with its first entry). */
    public ConsumeQueue queue(String topic, int queueId) {
        return queues.computeIfAbsent(new Key(topic, queueId),
                k -> new ConsumeQueue(files, root.resolve(topic).resolve(Integer.toString(queueId)), topic, queueId, entriesPerFile));
    }

    /** The queue if it exists. */
    public Optional<ConsumeQueue> find(String topic, int queueId) {
        return Optional.ofNullable(queues.get(new Key(topic, queueId)));
    }

    /**
     * Closes and deletes every queue of {@code topic}, files and directories. The dispatcher may
     * recreate a queue if a message of the topic is still being dispatched; that is a new queue.
     */
    public void deleteTopic(String topic) throws IOException {
        for (var it = queues.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().topic().equals(topic)) {
                it.remove();
                e.getValue().deleteFiles();
            }
        }
        Path topicDir = root.resolve(topic);
        for (Path queueDir : files.directories(topicDir)) {
            files.delete(queueDir);
        }
        if (files.exists(topicDir)) {
            files.delete(topicDir);
        }
    }

    public Collection<ConsumeQueue> all() {
        return queues.values();
    }

    public void forceAll() throws IOException {
        for (ConsumeQueue queue : queues.values()) {
            queue.force();
        }
    }

    public void close() {
        queues.values().forEach(ConsumeQueue::close);
        queues.clear();
    }
}
