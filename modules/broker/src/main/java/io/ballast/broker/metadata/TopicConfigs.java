package io.ballast.broker.metadata;

import io.ballast.remoting.protocol.DataVersion;
import io.ballast.remoting.protocol.Perm;
import io.ballast.remoting.protocol.TopicConfig;
import io.ballast.remoting.protocol.TopicConfigWrapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topics this broker serves, persisted as {@code config/topics.json} in upstream's shape
 * (a TopicConfigWrapper: {@code topicConfigTable} and {@code dataVersion}). Every change is
 * written through before it is answered, and change listeners (the name-server registration)
 * hear about it so routes follow at once.
 *
 * <p>Thread-safe; changes are serialized so the file and the version always match the table.
 */
public final class TopicConfigs {
    private static final Logger LOG = LoggerFactory.getLogger(TopicConfigs.class);
    /** Queues of the schedule topic: one per delay level. */
    public static final int SCHEDULE_QUEUES = 18;

    private final JsonFile file;
    private final ConcurrentHashMap<String, TopicConfig> topics = new ConcurrentHashMap<>();
    private final AtomicReference<DataVersion> version = new AtomicReference<>(DataVersion.first());
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private TopicConfigs(JsonFile file) {
        this.file = file;
    }

    /**
     * Loads the table (empty when the file does not exist) and makes sure the system topics exist:
     * the schedule topic, and the auto-create template TBW102 when auto-creation is on.
     */
    public static TopicConfigs open(JsonFile file, boolean autoCreateTopicEnable, int defaultTopicQueueNums) throws IOException {
        TopicConfigs configs = new TopicConfigs(file);
        Optional<TopicConfigWrapper> stored = file.read(TopicConfigWrapper.class);
        stored.ifPresent(w -> {
            configs.topics.putAll(w.topicConfigTable());
            configs.version.set(w.dataVersion());
        });
        boolean changed = false;
        if (!configs.topics.containsKey(TopicNames.SCHEDULE)) {
            configs.topics.put(TopicNames.SCHEDULE, TopicConfig.of(TopicNames.SCHEDULE, SCHEDULE_QUEUES, Perm.READ | Perm.WRITE));
            changed = true;
        }
        if (autoCreateTopicEnable && !configs.topics.containsKey(TopicNames.AUTO_CREATE_TEMPLATE)) {
            configs.topics.put(TopicNames.AUTO_CREATE_TEMPLATE, TopicConfig.of(TopicNames.AUTO_CREATE_TEMPLATE,
                    defaultTopicQueueNums, Perm.INHERIT | Perm.READ | Perm.WRITE));
            changed = true;
        }
        if (changed || stored.isEmpty()) {
            configs.persist();
        }
        LOG.info("{} topics loaded from {}", configs.topics.size(), file.path());
        return configs;
    }

    /**
     * Called after every change, on the changing thread and outside the table's lock, before the
     * change is answered: the name-server registration uses it to publish a new topic before a
     * client can ask for its route (as upstream does for a topic created by a send).
     */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    public Optional<TopicConfig> find(String topic) {
        return Optional.ofNullable(topics.get(topic));
    }

    public Collection<TopicConfig> all() {
        return List.copyOf(topics.values());
    }

    public DataVersion dataVersion() {
        return version.get();
    }

    /** The table with its version, as REGISTER_BROKER and GET_ALL_TOPIC_CONFIG carry it. */
    public TopicConfigWrapper snapshot() {
        synchronized (this) {
            return new TopicConfigWrapper(Map.copyOf(topics), version.get());
        }
    }

    /** Creates or replaces a topic; persisted, and the listeners told, before it returns. */
    public TopicConfig put(TopicConfig config) {
        synchronized (this) {
            store(config);
        }
        notifyListeners();
        return config;
    }

    private void store(TopicConfig config) {
        topics.put(config.topicName(), config);
        changed();
    }

    /**
     * Takes a master's table whole (a slave's metadata sync, wire format §5.6): the topics and the
     * version become the master's, persisted, and the listeners told when anything differed.
     *
     * @return whether the table changed
     */
    public boolean replaceAll(TopicConfigWrapper master) {
        synchronized (this) {
            if (topics.equals(master.topicConfigTable()) && version.get().equals(master.dataVersion())) {
                return false;
            }
            topics.clear();
            topics.putAll(master.topicConfigTable());
            version.set(master.dataVersion());
            persist();
        }
        notifyListeners();
        return true;
    }

    /** @return whether the topic existed */
    public boolean delete(String topic) {
        boolean existed;
        synchronized (this) {
            existed = topics.remove(topic) != null;
            if (existed) {
                changed();
            }
        }
        if (existed) {
            notifyListeners();
        }
        return existed;
    }

    /**
     * The topic a send names, created on the fly when it is unknown and auto-creation applies
     * (wire format §2.3 step 2): from a template topic that has the INHERIT bit, with
     * min(requested, template's write queues) queues and the template's permission minus INHERIT.
     *
     * @return the topic, or empty when it does not exist and may not be created
     */
    public Optional<TopicConfig> findOrCreateForSend(String topic, String templateTopic, int requestedQueues,
                                                     int topicSysFlag, boolean autoCreateTopicEnable) {
        TopicConfig existing = topics.get(topic);
        if (existing != null) {
            return Optional.of(existing);
        }
        Optional<TopicConfig> found;
        boolean created;
        synchronized (this) {
            created = !topics.containsKey(topic);
            found = createForSend(topic, templateTopic, requestedQueues, topicSysFlag, autoCreateTopicEnable);
            created &= found.isPresent();
        }
        if (created) {
            notifyListeners();
        }
        return found;
    }

    private Optional<TopicConfig> createForSend(String topic, String templateTopic, int requestedQueues,
                                                int topicSysFlag, boolean autoCreateTopicEnable) {
        TopicConfig existing = topics.get(topic);
        if (existing != null) {
            return Optional.of(existing);
        }
        if (TopicNames.isRetry(topic)) {
            TopicConfig retry = TopicConfig.of(topic, 1, Perm.READ | Perm.WRITE);
            store(retry);
            return Optional.of(retry);
        }
        if (!autoCreateTopicEnable || templateTopic == null) {
            return Optional.empty();
        }
        TopicConfig template = topics.get(templateTopic);
        if (template == null || !Perm.inherits(template.perm())) {
            return Optional.empty();
        }
        int queues = Math.max(1, Math.min(requestedQueues, template.writeQueueNums()));
        TopicConfig created = new TopicConfig(topic, queues, queues, template.perm() & ~Perm.INHERIT,
                TopicConfig.SINGLE_TAG, topicSysFlag, false, Map.of());
        LOG.info("Topic {} auto-created with {} queues from {}", topic, queues, templateTopic);
        store(created);
        return Optional.of(created);
    }

    /** The retry topic of a consumer group, created with {@code queues} queues when missing. */
    public TopicConfig retryTopic(String group, int queues) {
        String name = TopicNames.retryTopic(group);
        TopicConfig existing = topics.get(name);
        return existing != null ? existing : putIfAbsent(TopicConfig.of(name, Math.max(1, queues), Perm.READ | Perm.WRITE));
    }

    /** The dead-letter topic of a consumer group (one queue), created when missing. */
    public TopicConfig dlqTopic(String group) {
        String name = TopicNames.dlqTopic(group);
        TopicConfig existing = topics.get(name);
        return existing != null ? existing : putIfAbsent(TopicConfig.of(name, 1, Perm.READ | Perm.WRITE));
    }

    private TopicConfig putIfAbsent(TopicConfig config) {
        TopicConfig result;
        synchronized (this) {
            result = topics.get(config.topicName());
            if (result == null) {
                store(config);
            }
        }
        if (result == null) {
            notifyListeners();
            return config;
        }
        return result;
    }

    private void notifyListeners() {
        listeners.forEach(Runnable::run);
    }

    private void changed() {
        version.updateAndGet(DataVersion::next);
        persist();
    }

    private void persist() {
        try {
            file.write(new TopicConfigWrapper(Map.copyOf(topics), version.get()));
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file.path() + " failed", e);
        }
    }
}
