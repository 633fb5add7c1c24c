package io.ballast.broker.metadata;

import io.ballast.remoting.protocol.DataVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The consumer groups this broker knows, persisted as {@code config/subscriptionGroup.json}
 * ({@code subscriptionGroupTable} and {@code dataVersion}), written through on every change;
 * change listeners (the metadata watch of slaves) hear about each change once it is written.
 * Thread-safe.
 */
public final class SubscriptionGroups {

    /** The file's JSON shape. */
    public record Table(Map<String, SubscriptionGroupConfig> subscriptionGroupTable, DataVersion dataVersion) {
        public Table {
            subscriptionGroupTable = subscriptionGroupTable == null ? Map.of() : Map.copyOf(subscriptionGroupTable);
            dataVersion = dataVersion == null ? DataVersion.first() : dataVersion;
        }
    }

    private final JsonFile file;
    private final ConcurrentHashMap<String, SubscriptionGroupConfig> groups = new ConcurrentHashMap<>();
    private final AtomicReference<DataVersion> version = new AtomicReference<>(DataVersion.first());
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private SubscriptionGroups(JsonFile file) {
        this.file = file;
    }

    public static SubscriptionGroups open(JsonFile file) throws IOException {
        SubscriptionGroups groups = new SubscriptionGroups(file);
        file.read(Table.class).ifPresent(t -> {
            groups.groups.putAll(t.subscriptionGroupTable());
            groups.version.set(t.dataVersion());
        });
        return groups;
    }

    /** Called after every change, on the changing thread, once the change is written. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    public Optional<SubscriptionGroupConfig> find(String group) {
        return Optional.ofNullable(groups.get(group));
    }

    /**
     * The group's settings; when it is unknown, created with defaults if {@code autoCreate},
     * else empty (the caller answers SUBSCRIPTION_GROUP_NOT_EXIST).
     */
    public Optional<SubscriptionGroupConfig> findOrCreate(String group, boolean autoCreate) {
        SubscriptionGroupConfig existing = groups.get(group);
        if (existing != null || !autoCreate) {
            return Optional.ofNullable(existing);
        }
        synchronized (this) {
            existing = groups.get(group);
            return Optional.of(existing != null ? existing : put(SubscriptionGroupConfig.defaults(group)));
        }
    }

    public Collection<SubscriptionGroupConfig> all() {
        return List.copyOf(groups.values());
    }

    public SubscriptionGroupConfig put(SubscriptionGroupConfig config) {
        synchronized (this) {
            groups.put(config.groupName(), config);
            changed();
        }
        notifyListeners();
        return config;
    }

    /**
     * Takes a master's table whole (a slave's metadata sync): groups and version become the
     * master's, persisted.
     *
     * @return whether the table changed
     */
    public boolean replaceAll(Table master) {
        synchronized (this) {
            if (groups.equals(master.subscriptionGroupTable()) && version.get().equals(master.dataVersion())) {
                return false;
            }
            groups.clear();
            groups.putAll(master.subscriptionGroupTable());
            version.set(master.dataVersion());
            write();
        }
        notifyListeners();
        return true;
    }

    public boolean delete(String group) {
        boolean existed;
        synchronized (this) {
            existed = groups.remove(group) != null;
            if (existed) {
                changed();
            }
        }
        if (existed) {
            notifyListeners();
        }
        return existed;
    }

    public Table snapshot() {
        synchronized (this) {
            return new Table(Map.copyOf(groups), version.get());
        }
    }

    private void notifyListeners() {
        listeners.forEach(Runnable::run);
    }

    private void changed() {
        version.updateAndGet(DataVersion::next);
        write();
    }

    private void write() {
        try {
            file.write(new Table(Map.copyOf(groups), version.get()));
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file.path() + " failed", e);
        }
    }
}
