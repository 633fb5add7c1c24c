package io.ballast.broker.server;

import io.ballast.broker.admin.BrokerConfigUpdater;
import java.io.IOException;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Applies UPDATE_BROKER_CONFIG through ConfigAdmin, pid {@code io.ballast.broker}: every component
 * of that pid (store, flush switch, broker) sees the change as an edit of etc/ would make it, and
 * FileInstall writes it back to etc/io.ballast.broker.cfg so it survives a restart.
 */
public final class ConfigAdminUpdater implements BrokerConfigUpdater {
    private static final String PID = "io.ballast.broker";

    private final ConfigurationAdmin admin;

    public ConfigAdminUpdater(ConfigurationAdmin admin) {
        this.admin = admin;
    }

    /** The configuration as ConfigAdmin holds it now (empty before any). */
    public Map<String, String> current() throws IOException {
        return asMap(admin.getConfiguration(PID, null).getProperties());
    }

    @Override
    public Map<String, String> update(Map<String, String> changes) throws IOException {
        Configuration configuration = admin.getConfiguration(PID, null);
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties == null) {
            properties = new Hashtable<>();
        }
        for (Map.Entry<String, String> change : changes.entrySet()) {
            properties.put(change.getKey(), change.getValue());
        }
        configuration.update(properties);
        return asMap(properties);
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
