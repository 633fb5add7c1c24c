package io.ballast.spi.store;

import io.ballast.spi.message.Message;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where messages live: an append-only commitlog read through per-queue indexes. Appends return
 * once the bytes are written (page cache); whether they are durable is for the bound
 * {@code FlushPolicy} and {@code ReplicationStrategy} to say, never for the store.
 *
 * <p><b>Binding.</b> A store is a DS component registering this service, and next to it the
 * {@link Journal} that flush policies force and the {@link ReplicatedLog} replication reads; the
 * broker uses the store with the highest {@code service.ranking}. While none is bound (a store
 * bundle updated in place), requests wait for the next one up to {@code serviceSwapWaitMillis},
 * then are answered SYSTEM_BUSY ("[STORE_NOT_BOUND] ... retry shortly") and the official clients retry.
 * A store is the one service with state on disk: a replacement must open the same files, and the
 * leaving store must have closed (and forced) them in its {@code @Deactivate} method before the
 * arriving one opens them.
 *
 * <p><b>Threads.</b> Appends come from the broker's send threads, many at once (the store orders
 * them); reads from its pull and query threads. Implementations are thread-safe.
 *
 * <p><b>Failures.</b> An append that stored nothing throws {@link StoreException}; its
 * {@link StoreException.Reason} decides the response code (MESSAGE_ILLEGAL, SERVICE_NOT_AVAILABLE
 * or SYSTEM_BUSY). Any other exception reaches the client as SYSTEM_ERROR.
 */
@ConsumerType
public interface MessageStore {

    /** Appends one message to its topic and queue. */
    AppendResult append(Message message) throws StoreException;

    /**
     * Appends messages of one topic and queue as one contiguous run: they get consecutive queue
     * offsets and either all are stored or none is.
     */
    AppendResult appendBatch(List<Message> messages) throws StoreException;

    /**
     * Reads up to {@code maxMessages} records (and about {@code maxBytes}) from a queue, starting
     * at {@code queueOffset}; only records below the visible watermark are returned.
     */
    ReadResult read(String topic, int queueId, long queueOffset, int maxMessages, int maxBytes);

    /** The lowest readable offset of a queue; 0 for an unknown queue. */
    long minQueueOffset(String topic, int queueId);

    /** One past the highest visible offset of a queue; 0 for an unknown queue. */
    long maxQueueOffset(String topic, int queueId);

    /**
     * The record stored at a commitlog offset (VIEW_MESSAGE_BY_ID decodes it from an offset msgId),
     * if that offset starts a visible record still stored.
     */
    Optional<StoredRecord> recordAt(long physicalOffset);

    /**
     * Records of {@code topic} whose UNIQ_KEY or one of whose KEYS equals {@code key}, stored
     * between the two timestamps (ms, inclusive), newest first, at most {@code maxCount}.
     */
    List<StoredRecord> queryByKey(String topic, String key, int maxCount, long beginTimestamp, long endTimestamp);

    Watermarks watermarks();

    /** Registers a listener for messages becoming visible (long polling); see {@link ArrivalListener}. */
    void addArrivalListener(ArrivalListener listener);

    void removeArrivalListener(ArrivalListener listener);

    /**
     * Removes a topic's consume queues (DELETE_TOPIC): its messages can no longer be read by queue
     * offset. Commitlog bytes stay until retention removes their file.
     */
    void deleteTopic(String topic) throws IOException;
}
