package io.ballast.broker.config;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every broker.conf key Ballast reads, with RocketMQ's name, its default and when a change takes
 * effect. This catalog is the one source for parsing ({@link BrokerSettings}), for
 * UPDATE_BROKER_CONFIG's answer and for docs/configuration.md (a test checks the page lists
 * every key). Keys of the store bundle are listed too: they share the pid {@code io.ballast.broker}.
 */
public enum BrokerKey {
    BROKER_CLUSTER_NAME("brokerClusterName", "DefaultCluster", Applies.RESTART, "Cluster this broker registers under"),
    BROKER_NAME("brokerName", "broker-a", Applies.RESTART, "Name of the master/slave group"),
    BROKER_ID("brokerId", "0", Applies.RESTART, "0 for the master, 1 and up for slaves"),
    BROKER_IP1("brokerIP1", "127.0.0.1", Applies.RESTART, "Address the broker listens on and registers with the name servers"),
    LISTEN_PORT("listenPort", "10911", Applies.RESTART, "Remoting port for clients"),
    NAMESRV_ADDR("namesrvAddr", "127.0.0.1:9876", Applies.LIVE, "Name servers, separated by ';'"),
    BROKER_ROLE("brokerRole", "ASYNC_MASTER", Applies.LIVE, "ASYNC_MASTER, SYNC_MASTER or SLAVE; master roles switch live, to or from SLAVE needs a restart"),
    METADATA_SYNC_INTERVAL("metadataSyncInterval", "10000", Applies.LIVE, "Slave: ms between pulls of the master's topics, groups and offsets, besides those on change (Ballast's own key)"),
    MASTER_ADDRESS("masterAddress", "", Applies.LIVE, "Slave: the master's remoting address when no name server reports it (Ballast's own key)"),
    HA_LISTEN_PORT("haListenPort", "0", Applies.RESTART, "Port a master's slaves replicate from; 0 = listenPort + 1"),
    HA_MASTER_ADDRESS("haMasterAddress", "", Applies.LIVE, "On a slave: the master's replication address host:haListenPort; empty = as the name servers report it"),
    HA_AUTH_SECRET("haAuthSecret", "", Applies.LIVE, "Shared secret a slave proves it knows before its reports count"),
    HA_TRANSFER_BATCH_SIZE("haTransferBatchSize", "32768", Applies.LIVE, "Bytes per replication chunk"),
    HA_SEND_HEARTBEAT_INTERVAL("haSendHeartbeatInterval", "5000", Applies.LIVE, "ms between heartbeats on an idle replication link"),
    HA_HOUSEKEEPING_INTERVAL("haHousekeepingInterval", "20000", Applies.LIVE, "ms of silence after which a replication link is closed"),
    SLAVE_TIMEOUT("slaveTimeout", "3000", Applies.LIVE, "SYNC_MASTER: ms a send waits for a slave before FLUSH_SLAVE_TIMEOUT"),
    HA_MAX_GAP_NOT_IN_SYNC("haMaxGapNotInSync", "268435456", Applies.LIVE, "Bytes behind past which a slave is not in sync"),
    IN_SYNC_REPLICAS("inSyncReplicas", "1", Applies.LIVE, "Replicas (master included) a send waits for; 3 and up selects quorum replication"),
    MIN_IN_SYNC_REPLICAS("minInSyncReplicas", "1", Applies.LIVE, "Quorum: fewer in-sync replicas than this answers SLAVE_NOT_AVAILABLE at once"),
    FLUSH_DISK_TYPE("flushDiskType", "ASYNC_FLUSH", Applies.LIVE, "ASYNC_FLUSH or SYNC_FLUSH; switches the flush policy"),
    SYNC_FLUSH_TIMEOUT("syncFlushTimeout", "5000", Applies.LIVE, "ms a sync-flush send waits before FLUSH_DISK_TIMEOUT"),
    AUTO_CREATE_TOPIC_ENABLE("autoCreateTopicEnable", "true", Applies.LIVE, "Create a topic on its first send (from TBW102)"),
    AUTO_CREATE_SUBSCRIPTION_GROUP("autoCreateSubscriptionGroup", "true", Applies.LIVE, "Create a consumer group on its first heartbeat"),
    DEFAULT_TOPIC_QUEUE_NUMS("defaultTopicQueueNums", "8", Applies.LIVE, "Queues of TBW102, the template of auto-created topics"),
    MAX_MESSAGE_SIZE("maxMessageSize", "4194304", Applies.RESTART, "Largest message body (or batch) in bytes"),
    REGISTER_NAME_SERVER_PERIOD("registerNameServerPeriod", "30000", Applies.LIVE, "ms between registrations with the name servers (10000–60000)"),
    MESSAGE_DELAY_LEVEL("messageDelayLevel", "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h", Applies.RESTART, "Delay of each level, 1 to 18"),
    LONG_POLLING_ENABLE("longPollingEnable", "true", Applies.LIVE, "Hold a pull that found nothing until a message arrives"),
    SERVICE_SWAP_WAIT_MILLIS("serviceSwapWaitMillis", "2000", Applies.LIVE, "ms a request waits for a service being swapped before it is refused (Ballast's own key)"),
    SHORT_POLLING_TIME_MILLS("shortPollingTimeMills", "1000", Applies.LIVE, "ms a pull is held when long polling is off"),
    FLUSH_CONSUMER_OFFSET_INTERVAL("flushConsumerOffsetInterval", "5000", Applies.RESTART, "ms between writes of consumerOffset.json"),
    SEND_THREAD_POOL_NUMS("sendMessageThreadPoolNums", "4", Applies.RESTART, "Threads serving sends"),
    PULL_THREAD_POOL_NUMS("pullMessageThreadPoolNums", "8", Applies.RESTART, "Threads serving pulls"),
    SEND_THREAD_POOL_QUEUE_CAPACITY("sendThreadPoolQueueCapacity", "10000", Applies.RESTART, "Sends queued before SYSTEM_BUSY"),
    PULL_THREAD_POOL_QUEUE_CAPACITY("pullThreadPoolQueueCapacity", "100000", Applies.RESTART, "Pulls queued before SYSTEM_BUSY"),
    CHANNEL_IDLE_SECONDS("serverChannelMaxIdleTimeSeconds", "120", Applies.RESTART, "A connection with no traffic for this long is closed"),
    MAX_TRANSFER_BYTES_IN_MEMORY("maxTransferBytesOnMessageInMemory", "262144", Applies.LIVE, "Pull batch bytes, hot data"),
    MAX_TRANSFER_COUNT_IN_MEMORY("maxTransferCountOnMessageInMemory", "32", Applies.LIVE, "Pull batch messages, hot data"),
    MAX_TRANSFER_BYTES_IN_DISK("maxTransferBytesOnMessageInDisk", "65536", Applies.LIVE, "Pull batch bytes, cold data"),
    MAX_TRANSFER_COUNT_IN_DISK("maxTransferCountOnMessageInDisk", "8", Applies.LIVE, "Pull batch messages, cold data"),
    REBALANCE_LOCK_MAX_LIVE_TIME("rebalanceLockMaxLiveTime", "60000", Applies.LIVE, "ms a queue lock of an orderly consumer lasts after its last renewal (upstream's rocketmq.broker.rebalance.lockMaxLiveTime)"),
    SLAVE_READ_ENABLE("slaveReadEnable", "false", Applies.LIVE, "Let consumers whose backlog is cold read from a slave"),
    ACCESS_MESSAGE_IN_MEMORY_MAX_RATIO("accessMessageInMemoryMaxRatio", "40", Applies.LIVE, "Hot window, % of physical memory"),
    ACCESS_MESSAGE_IN_MEMORY_BACK_RATIO("accessMessageInMemoryBackRatio", "30", Applies.LIVE, "Backlog % under which a slave sends a consumer back (Ballast's own key)"),
    PHYSICAL_MEMORY_BYTES("physicalMemoryBytes", "0", Applies.LIVE, "Memory the ratios apply to; 0 = this machine's (Ballast's own key, for tests)"),
    WHICH_BROKER_WHEN_CONSUME_SLOWLY("whichBrokerWhenConsumeSlowly", "1", Applies.LIVE, "Slave a cold consumer is pointed at"),
    STORE_PATH_ROOT_DIR("storePathRootDir", "data/store", Applies.RESTART, "Store directory; relative to the instance base"),
    MAPPED_FILE_SIZE_COMMIT_LOG("mappedFileSizeCommitLog", "1073741824", Applies.RESTART, "Bytes per commitlog file"),
    MAPPED_FILE_SIZE_CONSUME_QUEUE("mappedFileSizeConsumeQueue", "6000000", Applies.RESTART, "Bytes per consume-queue file"),
    FILE_RESERVED_TIME("fileReservedTime", "72", Applies.RESTART, "Hours a commitlog file is kept"),
    DISK_SPACE_WARNING_LEVEL_RATIO("diskSpaceWarningLevelRatio", "90", Applies.RESTART, "Disk use % past which sends are refused"),
    MAX_HASH_SLOT_NUM("maxHashSlotNum", "5000000", Applies.RESTART, "Hash slots per index file"),
    MAX_INDEX_NUM("maxIndexNum", "20000000", Applies.RESTART, "Entries per index file"),
    FLUSH_INTERVAL_COMMIT_LOG("flushIntervalCommitLog", "500", Applies.LIVE, "Async flush: ms between flush checks"),
    FLUSH_COMMIT_LOG_LEAST_PAGES("flushCommitLogLeastPages", "4", Applies.LIVE, "Async flush: dirty pages that trigger a force"),
    FLUSH_COMMIT_LOG_THOROUGH_INTERVAL("flushCommitLogThoroughInterval", "10000", Applies.LIVE, "Async flush: ms after which any dirty byte is forced");

    /** When a changed value takes effect. */
    public enum Applies {
        /** On the running broker, for the next request that reads it. */
        LIVE,
        /** Only after the broker restarts (ports, identity, file sizes). */
        RESTART
    }

    private static final Map<String, BrokerKey> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(BrokerKey::key, Function.identity()));

    private final String key;
    private final String defaultValue;
    private final Applies applies;
    private final String description;

    BrokerKey(String key, String defaultValue, Applies applies, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.applies = applies;
        this.description = description;
    }

    public String key() { return key; }
    public String defaultValue() { return defaultValue; }
    public Applies applies() { return applies; }
    public String description() { return description; }

    /** The key with this broker.conf name, if Ballast reads it. */
    public static Optional<BrokerKey> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
