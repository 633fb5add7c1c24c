package io.ballast.store;

import io.ballast.spi.message.MessageProperties;
import io.ballast.store.commitlog.RecordView;
import io.ballast.store.index.KeyIndex;
import io.ballast.store.queue.ConsumeQueues;
import java.io.IOException;

/**
 * What dispatching a record means: its consume-queue entry (offset, size, tag hash) and its
 * index keys ({@code topic#UNIQ_KEY} and {@code topic#k} for each space-separated KEYS value).
 */
final class Indexing implements DispatchTarget {
    private final ConsumeQueues queues;
    private final KeyIndex index;

    Indexing(ConsumeQueues queues, KeyIndex index) {
        this.queues = queues;
        this.index = index;
    }

    @Override
    public void dispatch(long physicalOffset, RecordView record) throws IOException {
        var properties = record.properties();
        dispatchToQueue(physicalOffset, record, properties.get(MessageProperties.TAGS));
        String topic = record.topic();
        String uniqueKey = properties.get(MessageProperties.UNIQ_KEY);
        if (uniqueKey != null) {
            index.put(topic, uniqueKey, physicalOffset, record.storeTimestamp());
        }
        String keys = properties.get(MessageProperties.KEYS);
        if (keys != null) {
            for (String key : keys.split(" ")) {
                if (!key.isEmpty()) {
                    index.put(topic, key, physicalOffset, record.storeTimestamp());
                }
            }
        }
    }

    /** The consume-queue entry alone: the keys were indexed when the record was first dispatched. */
    @Override
    public void redispatch(long physicalOffset, RecordView record) throws IOException {
        dispatchToQueue(physicalOffset, record);
    }

    /** The consume-queue entry alone, for records whose keys are already indexed. */
    void dispatchToQueue(long physicalOffset, RecordView record) throws IOException {
        dispatchToQueue(physicalOffset, record, record.properties().get(MessageProperties.TAGS));
    }

    private void dispatchToQueue(long physicalOffset, RecordView record, String tags) throws IOException {
        queues.queue(record.topic(), record.queueId()).put(record.queueOffset(), physicalOffset, record.totalSize(), tagCode(tags));
    }

    /** The consume-queue tag code: the tag's String hash, 0 without a tag (clients filter on it). */
    static long tagCode(String tags) {
        return tags == null ? 0 : tags.hashCode();
    }

    /** Whether {@code key} is the record's UNIQ_KEY or one of its space-separated KEYS. */
    static boolean hasKey(java.util.Map<String, String> properties, String key) {
        if (key.equals(properties.get(MessageProperties.UNIQ_KEY))) {
            return true;
        }
        String keys = properties.get(MessageProperties.KEYS);
        return keys != null && java.util.Arrays.asList(keys.split(" ")).contains(key);
    }
}
