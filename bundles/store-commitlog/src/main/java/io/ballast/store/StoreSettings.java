package io.ballast.store;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the store is configured with (RocketMQ broker.conf names in brackets).
 *
 * @param root                  the store directory [storePathRootDir]
 * @param segmentSize           bytes per commitlog file [mappedFileSizeCommitLog], 1 GiB
 * @param queueEntriesPerFile   entries per consume-queue file [mappedFileSizeConsumeQueue / 20], 300,000
 * @param maxMessageSize        largest message or batch [maxMessageSize], 4 MiB
 * @param storeHost             the broker address written into records and msgIds [brokerIP1:listenPort]
 * @param fileReservedTime      how long commitlog files are kept [fileReservedTime], 72 h
 * @param diskSpaceWarningLevelRatio percent of the disk past which sends are refused [diskSpaceWarningLevelRatio], 90
 * @param indexSlots            hash slots per index file [maxHashSlotNum], 5,000,000
 * @param indexEntries          entries per index file [maxIndexNum], 20,000,000
 */
public record StoreSettings(Path root, int segmentSize, int queueEntriesPerFile, int maxMessageSize,
                            InetSocketAddress storeHost, Duration fileReservedTime, int diskSpaceWarningLevelRatio,
                            int indexSlots, int indexEntries) {

    public static final int DEFAULT_SEGMENT_SIZE = 1024 * 1024 * 1024;
    public static final int DEFAULT_QUEUE_ENTRIES_PER_FILE = 300_000;
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 4 * 1024 * 1024;

    /** Defaults for a store at {@code root}, as RocketMQ ships them. */
    public static StoreSettings defaults(Path root, InetSocketAddress storeHost) {
        return new StoreSettings(root, DEFAULT_SEGMENT_SIZE, DEFAULT_QUEUE_ENTRIES_PER_FILE, DEFAULT_MAX_MESSAGE_SIZE,
                storeHost, Duration.ofHours(72), 90, 5_000_000, 20_000_000);
    }

    public StoreSettings withRetention(Duration fileReservedTime, int diskSpaceWarningLevelRatio) {
        return new StoreSettings(root, segmentSize, queueEntriesPerFile, maxMessageSize, storeHost, fileReservedTime,
                diskSpaceWarningLevelRatio, indexSlots, indexEntries);
    }

    Path commitLogDirectory() {
        return root.resolve("commitlog");
    }

    Path consumeQueueDirectory() {
        return root.resolve("consumequeue");
    }

    Path indexDirectory() {
        return root.resolve("index");
    }

    Path checkpointFile() {
        return root.resolve("checkpoint");
    }

    Path pendingTruncationFile() {
        return root.resolve("truncate.pending");
    }

    Path abortFile() {
        return root.resolve("abort");
    }
}
