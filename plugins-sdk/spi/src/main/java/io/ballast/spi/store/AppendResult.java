package io.ballast.spi.store;

import java.util.List;

/**
 * Where an append put one message or one batch.
 *
 * @param physicalOffset commitlog offset of the first record's first byte
 * @param size           bytes written, all records of a batch together
 * @param queueOffset    consume-queue offset of the first message
 * @param messageCount   1, or the number of messages in the batch
 * @param storeTimestamp broker clock at append, ms
 * @param messageIds     the offset msg id of each message, in order
 */
public record AppendResult(long physicalOffset, int size, long queueOffset, int messageCount,
                           long storeTimestamp, List<String> messageIds) {

    public AppendResult {
        messageIds = List.copyOf(messageIds);
    }

    /** The commitlog offset just past the last byte written: what durability waits must cover. */
    public long endOffset() {
        return physicalOffset + size;
    }
}
