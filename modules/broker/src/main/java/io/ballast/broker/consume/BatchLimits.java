package io.ballast.broker.consume;

import io.ballast.broker.config.BrokerKey;
import io.ballast.broker.config.BrokerSettings;

/**
 * When a pull's batch is full (wire format §2.4): at the client's maxMsgNums and maxMsgBytes, and —
 * from the second message on — at the transfer limits for hot or cold data. The first message is
 * always taken, whatever its size, so a large message can never block its queue. The total is
 * also capped well below the 16 MiB frame limit.
 *
 * @param maxMessages  the client's maxMsgNums
 * @param maxBytes     the client's maxMsgBytes (Integer.MAX_VALUE when it sent none)
 */
record BatchLimits(int maxMessages, long maxBytes, int hotCount, long hotBytes, int coldCount, long coldBytes) {
    /** Upper bound of a pull body: a quarter of the frame limit, whatever the settings say. */
    static final long MAX_BODY_BYTES = 4L * 1024 * 1024;

    static BatchLimits of(BrokerSettings settings, int maxMessages, long maxBytes) {
        return new BatchLimits(Math.max(1, maxMessages), maxBytes <= 0 ? Integer.MAX_VALUE : maxBytes,
                settings.integer(BrokerKey.MAX_TRANSFER_COUNT_IN_MEMORY), settings.number(BrokerKey.MAX_TRANSFER_BYTES_IN_MEMORY),
                settings.integer(BrokerKey.MAX_TRANSFER_COUNT_IN_DISK), settings.number(BrokerKey.MAX_TRANSFER_BYTES_IN_DISK));
    }

    /**
     * @param count     messages already in the batch
     * @param bytes     their total size
     * @param nextSize  size of the candidate
     * @param hot       whether the candidate lies in the hot window
     * @return whether the candidate may join the batch
     */
    boolean admits(int count, long bytes, int nextSize, boolean hot) {
        if (count == 0) {
            return true;
        }
        long total = bytes + nextSize;
        if (count >= maxMessages || total > maxBytes || total > MAX_BODY_BYTES) {
            return false;
        }
        return hot ? count < hotCount && total <= hotBytes : count < coldCount && total <= coldBytes;
    }
}
