package io.ballast.store;

import io.ballast.spi.message.Message;
import io.ballast.spi.store.AppendResult;
import io.ballast.spi.store.ArrivalListener;
import io.ballast.spi.store.Journal;
import io.ballast.spi.store.MessageStore;
import io.ballast.spi.store.ReadResult;
import io.ballast.spi.store.ReplicatedLog;
import io.ballast.spi.store.StoreException;
import io.ballast.spi.store.StoredRecord;
import io.ballast.spi.store.Watermarks;
import io.ballast.store.io.MappedStoreFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store as an OSGi service: a {@link CommitLogStore} opened from the broker configuration,
 * registered as the {@link MessageStore}, as the {@link Journal} that flush policies force and as
 * the {@link ReplicatedLog} that replication streams.
 * It references nothing: the flush policy needs the journal, so the link back from the policy
 * to the store's visibility limit is a separate component, {@link VisibilityGate}.
 */
@Component(configurationPid = "io.ballast.broker", service = {MessageStore.class, Journal.class, ReplicatedLog.class, StoreComponent.class},
        property = "service.ranking:Integer=0")
@Designate(ocd = StoreComponent.Config.class)
public final class StoreComponent implements MessageStore, Journal, ReplicatedLog {
    private static final Logger LOG = LoggerFactory.getLogger(StoreComponent.class);

    @ObjectClassDefinition(name = "Ballast store", description = "Commitlog, consume queues and index (broker.conf keys)")
    public @interface Config {
        @AttributeDefinition(description = "Store directory; a relative path is under the instance's base folder")
        String storePathRootDir() default "data/store";

        @AttributeDefinition(description = "Bytes per commitlog file")
        int mappedFileSizeCommitLog() default StoreSettings.DEFAULT_SEGMENT_SIZE;

        @AttributeDefinition(description = "Bytes per consume-queue file (a multiple of 20)")
        int mappedFileSizeConsumeQueue() default StoreSettings.DEFAULT_QUEUE_ENTRIES_PER_FILE * 20;

        @AttributeDefinition(description = "Largest message (or batch) in bytes")
        int maxMessageSize() default StoreSettings.DEFAULT_MAX_MESSAGE_SIZE;

        @AttributeDefinition(description = "Hours a commitlog file is kept")
        int fileReservedTime() default 72;

        @AttributeDefinition(description = "Percent of the disk past which sends are refused")
        int diskSpaceWarningLevelRatio() default 90;

        @AttributeDefinition(description = "Hash slots per index file")
        int maxHashSlotNum() default 5_000_000;

        @AttributeDefinition(description = "Entries per index file")
        int maxIndexNum() default 20_000_000;

        @AttributeDefinition(description = "This broker's address, written into records and message ids")
        String brokerIP1() default "127.0.0.1";

        @AttributeDefinition(description = "This broker's port, written into records and message ids")
        int listenPort() default 10911;
    }

    /** How long a deactivation waits for calls already inside the store (appends, forces) to finish. */
    static final Duration DRAIN = Duration.ofSeconds(10);

    private final CommitLogStore store;
    private final StoreSettings settings;
    private final OpenGate gate = new OpenGate();

    @Activate
    public StoreComponent(Config config, BundleContext context) throws IOException {
        this.settings = settings(config, context.getProperty("ballast.base"));
        this.store = CommitLogStore.open(new MappedStoreFiles(), settings);
        LOG.info("Store open at {} (commitlog ends at {})", settings.root(), store.writtenOffset());
    }

    static StoreSettings settings(Config config, String base) {
        Path root = Path.of(config.storePathRootDir());
        if (!root.isAbsolute() && base != null) {
            root = Path.of(base).resolve(root);
        }
        return new StoreSettings(root.normalize(), config.mappedFileSizeCommitLog(), config.mappedFileSizeConsumeQueue() / 20,
                config.maxMessageSize(), new InetSocketAddress(config.brokerIP1(), config.listenPort()),
                Duration.ofHours(config.fileReservedTime()), config.diskSpaceWarningLevelRatio(), config.maxHashSlotNum(),
                config.maxIndexNum());
    }

    /** Store settings are read at start; other broker settings change without reopening the store. */
    @Modified
    void modified(Config config, BundleContext context) {
        StoreSettings changed = settings(config, context.getProperty("ballast.base"));
        if (!changed.equals(settings)) {
            LOG.warn("Store settings changed in the broker configuration; they apply at the next restart");
        }
    }

    /** See {@link CommitLogStore#acknowledgedOffset}. */
    void acknowledgedOffset(LongSupplier supplier) {
        store.acknowledgedOffset(supplier);
    }

    /**
     * Hands the store over, for a stop and for a live update of this bundle alike: calls that
     * arrive from now on are turned away (an append as NOT_AVAILABLE, which the broker answers
     * SYSTEM_BUSY so the client retries), the calls inside finish, and then the store closes
     * cleanly: forced, dispatched, checkpointed, abort marker removed. The next instance, the new
     * build's, therefore opens as after a clean stop and checks only the tail past the checkpoint.
     * Mappings are not unmapped by hand: a pull response may still be writing a slice of them to
     * a socket; they go when the last slice is collected.
     */
    @Deactivate
    void deactivate() throws InterruptedException {
        long started = System.nanoTime();
        boolean drained = gate.closeAfterDrain(DRAIN, store::close);
        long ms = (System.nanoTime() - started) / 1_000_000;
        if (drained) {
            LOG.info("Store closed at {} (commitlog ends at {}, {} ms)", settings.root(), store.writtenOffset(), ms);
        } else {
            LOG.warn("Store closed at {} after waiting {} ms for calls still inside it", settings.root(), ms);
        }
    }

    /** Whether calls are still let in (false once a deactivation began). */
    boolean isOpen() {
        if (!gate.enter()) {
            return false;
        }
        gate.leave();
        return true;
    }

    private StoreException closing() {
        return new StoreException(StoreException.Reason.NOT_AVAILABLE,
                "the store at " + settings.root() + " is closing (stopped or being updated); retry shortly");
    }

    private IOException closingIo() {
        return new IOException(closing().getMessage());
    }

    @Override
    public AppendResult append(Message message) throws StoreException {
        if (!gate.enter()) {
            throw closing();
        }
        try {
            return store.append(message);
        } finally {
            gate.leave();
        }
    }

    @Override
    public AppendResult appendBatch(List<Message> messages) throws StoreException {
        if (!gate.enter()) {
            throw closing();
        }
        try {
            return store.appendBatch(messages);
        } finally {
            gate.leave();
        }
    }

    @Override
    public ReadResult read(String topic, int queueId, long queueOffset, int maxMessages, int maxBytes) {
        if (!gate.enter()) {
            // Nothing new at the asked offset: the consumer asks again, by then of the next store.
            return new ReadResult(ReadResult.Status.NO_NEW_MESSAGE, List.of(), queueOffset, queueOffset, queueOffset);
        }
        try {
            return store.read(topic, queueId, queueOffset, maxMessages, maxBytes);
        } finally {
            gate.leave();
        }
    }

    @Override
    public long minQueueOffset(String topic, int queueId) {
        return store.minQueueOffset(topic, queueId);
    }

    @Override
    public long maxQueueOffset(String topic, int queueId) {
        return store.maxQueueOffset(topic, queueId);
    }

    @Override
    public Optional<StoredRecord> recordAt(long physicalOffset) {
        return store.recordAt(physicalOffset);
    }

    @Override
    public List<StoredRecord> queryByKey(String topic, String key, int maxCount, long beginTimestamp, long endTimestamp) {
        return store.queryByKey(topic, key, maxCount, beginTimestamp, endTimestamp);
    }

    @Override
    public Watermarks watermarks() {
        return store.watermarks();
    }

    @Override
    public void addArrivalListener(ArrivalListener listener) {
        store.addArrivalListener(listener);
    }

    @Override
    public void removeArrivalListener(ArrivalListener listener) {
        store.removeArrivalListener(listener);
    }

    @Override
    public void deleteTopic(String topic) throws IOException {
        if (!gate.enter()) {
            throw closingIo();
        }
        try {
            store.deleteTopic(topic);
        } finally {
            gate.leave();
        }
    }

    @Override
    public long writtenOffset() {
        return store.writtenOffset();
    }

    @Override
    public long forcedOffset() {
        return store.forcedOffset();
    }

    @Override
    public long force() throws IOException {
        if (!gate.enter()) {
            throw closingIo();
        }
        try {
            return store.force();
        } finally {
            gate.leave();
        }
    }

    @Override
    public long minOffset() {
        return store.minOffset();
    }

    @Override
    public long maxOffset() {
        return store.maxOffset();
    }

    @Override
    public int segmentSize() {
        return store.segmentSize();
    }

    @Override
    public ByteBuffer read(long offset, int maxBytes) {
        return store.read(offset, maxBytes);
    }

    @Override
    public void appendReplicated(long offset, ByteBuffer bytes) throws IOException {
        if (!gate.enter()) {
            throw closingIo();
        }
        try {
            store.appendReplicated(offset, bytes);
        } finally {
            gate.leave();
        }
    }

    @Override
    public void truncate(long offset) throws IOException {
        if (!gate.enter()) {
            throw closingIo();
        }
        try {
            store.truncate(offset);
        } finally {
            gate.leave();
        }
    }
}
