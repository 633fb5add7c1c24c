package io.ballast.broker.server;

import io.ballast.broker.admin.BrokerConfigUpdater;
import io.ballast.etc.CfgFile;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Changes the broker's configuration (ConfigAdmin pid {@code io.ballast.broker}) for
 * UPDATE_BROKER_CONFIG and ballast:swap, so every component of that pid (store, flush switch,
 * replication, broker) sees the change exactly as an operator's edit of etc/ would make it.
 *
 * <p>When FileInstall created the configuration from etc/io.ballast.broker.cfg, the change is
 * written into that file (replaced whole, comments kept) and FileInstall applies it; the call returns
 * once ConfigAdmin holds it. The file stays the one source of the configuration, and survives a
 * restart. FileInstall's own write-back is off (the launcher's FrameworkConfig says why). Without
 * an etc/ file (an embedded broker) the configuration is updated directly and lasts until a restart.
 */
public final class ConfigAdminUpdater implements BrokerConfigUpdater {
    private static final String PID = "io.ballast.broker";
    private static final String FILEINSTALL_FILE = "felix.fileinstall.filename";
    /** FileInstall polls etc/ every 500 ms; an edit it has not applied after this is reported as failed. */
    static final long APPLIED_WITHIN_MILLIS = 10_000;
    /** The console and UPDATE_BROKER_CONFIG edit the same file: one read-modify-write at a time. */
    private static final Object EDITS = new Object();

    private final ConfigurationAdmin admin;

    public ConfigAdminUpdater(ConfigurationAdmin admin) {
        this.admin = admin;
    }

    /** The configuration as ConfigAdmin holds it now (empty before any). */
    public Map<String, String> current() throws IOException {
        return asMap(admin.getConfiguration(PID, null).getProperties());
    }

    /** The etc/ file FileInstall reads the configuration from, if it came from one. */
    public Optional<Path> etcFile() throws IOException {
        return etcFile(admin.getConfiguration(PID, null).getProperties());
    }

    @Override
    public Map<String, String> update(Map<String, String> changes) throws IOException {
        synchronized (EDITS) {
            Configuration configuration = admin.getConfiguration(PID, null);
            Dictionary<String, Object> properties = configuration.getProperties();
            Optional<Path> file = etcFile(properties);
            if (file.isPresent()) {
                CfgFile cfg = CfgFile.load(file.get());
                cfg.setAll(changes, "Set on the running broker (UPDATE_BROKER_CONFIG or ballast:swap)");
                cfg.write();
                return awaitApplied(changes, file.get());
            }
            if (properties == null) {
                properties = new Hashtable<>();
            }
            for (Map.Entry<String, String> change : changes.entrySet()) {
                properties.put(change.getKey(), change.getValue());
            }
            configuration.update(properties);
            return asMap(properties);
        }
    }

    private Map<String, String> awaitApplied(Map<String, String> changes, Path file) throws IOException {
        long deadline = System.nanoTime() + APPLIED_WITHIN_MILLIS * 1_000_000;
        while (true) {
            Map<String, String> now = current();
            if (changes.entrySet().stream().allMatch(c -> c.getValue().equals(now.get(c.getKey())))) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("written to " + file + ", but FileInstall has not applied it within "
                        + APPLIED_WITHIN_MILLIS / 1000 + " s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted waiting for FileInstall to apply " + file);
            }
        }
    }

    /** FileInstall records the file as a file: URI (older versions: a plain path). */
    private static Optional<Path> etcFile(Dictionary<String, Object> properties) {
        Object name = properties == null ? null : properties.get(FILEINSTALL_FILE);
        if (name == null) {
            return Optional.empty();
        }
        String text = name.toString();
        return Optional.of(text.startsWith("file:") ? Path.of(URI.create(text)) : Path.of(text));
    }

    private static Map<String, String> asMap(Dictionary<String, Object> properties) {
        Map<String, String> stored = new TreeMap<>();
        if (properties == null) {
            return stored;
        }
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements(); ) {
            String key = keys.nextElement();
            stored.put(key, String.valueOf(properties.get(key)));
        }
        return stored;
    }
}
