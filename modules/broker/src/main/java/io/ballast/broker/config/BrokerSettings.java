package io.ballast.broker.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The broker's configuration as read at one moment: every key of {@link BrokerKey} with its value
 * (or default), typed on demand. Built from the ConfigAdmin properties of pid
 * {@code io.ballast.broker}, which hold the broker.conf keys as written. Immutable; the running
 * broker swaps in a new instance when the configuration changes (see {@link LiveSettings}).
 *
 * <p>A value that does not parse falls back to the default and is reported by {@link #problems()},
 * so one typo in etc/ never stops a broker that was running.
 */
public final class BrokerSettings {
    private final Map<String, String> values;
    private final Path base;
    private final List<String> problems;

    private BrokerSettings(Map<String, String> values, Path base, List<String> problems) {
        this.values = values;
        this.base = base;
        this.problems = problems;
    }

    /**
     * @param properties ConfigAdmin properties (keys as in broker.conf; other keys are kept too)
     * @param base       the instance's base folder, against which a relative store path resolves
     */
    public static BrokerSettings of(Map<String, ?> properties, Path base) {
        Map<String, String> values = new TreeMap<>();
        properties.forEach((k, v) -> {
            if (v != null) {
                values.put(k, v.toString().trim());
            }
        });
        BrokerSettings settings = new BrokerSettings(Collections.unmodifiableMap(values), base, new ArrayList<>());
        settings.validate();
        return settings;
    }

    /** These settings with some keys changed (same base folder). */
    public BrokerSettings with(Map<String, String> changes) {
        Map<String, Object> merged = new TreeMap<>(values);
        merged.putAll(changes);
        return of(merged, base);
    }

    public static BrokerSettings defaults(Path base) {
        return of(Map.of(), base);
    }

    private void validate() {
        for (BrokerKey key : BrokerKey.values()) {
            String raw = values.get(key.key());
            if (raw == null) {
                continue;
            }
            String def = key.defaultValue();
            if (isNumber(def) && !isNumber(raw)) {
                problems.add(key.key() + "=" + raw + " is not a number; using " + def);
            } else if ((def.equals("true") || def.equals("false")) && !raw.equalsIgnoreCase("true") && !raw.equalsIgnoreCase("false")) {
                problems.add(key.key() + "=" + raw + " is not true or false; using " + def);
            }
        }
    }

    private static boolean isNumber(String s) {
        try {
            Long.parseLong(s.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Values that were not usable, each with the default used instead. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Every key as configured (Ballast's and any other), for GET_BROKER_CONFIG. */
    public Map<String, String> configured() {
        return values;
    }

    public String string(BrokerKey key) {
        String v = values.get(key.key());
        return v == null || v.isEmpty() ? key.defaultValue() : v;
    }

    public long number(BrokerKey key) {
        try {
            return Long.parseLong(string(key));
        } catch (NumberFormatException e) {
            return Long.parseLong(key.defaultValue());
        }
    }

    public int integer(BrokerKey key) {
        long v = number(key);
        return v > Integer.MAX_VALUE || v < Integer.MIN_VALUE ? Integer.parseInt(key.defaultValue()) : (int) v;
    }

    public boolean flag(BrokerKey key) {
        String v = string(key);
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        return Boolean.parseBoolean(key.defaultValue());
    }

    // The keys the core reads most, named.

    public String clusterName() { return string(BrokerKey.BROKER_CLUSTER_NAME); }
    public String brokerName() { return string(BrokerKey.BROKER_NAME); }
    public long brokerId() { return number(BrokerKey.BROKER_ID); }
    public String host() { return string(BrokerKey.BROKER_IP1); }
    public int listenPort() { return integer(BrokerKey.LISTEN_PORT); }
    /** "ip:port" as clients and name servers know this broker. */
    public String brokerAddress() { return host() + ":" + listenPort(); }
    /** Where a master's slaves connect: haListenPort, or listenPort + 1 when it is 0 (as the HA link listens). */
    public String haAddress() {
        int port = integer(BrokerKey.HA_LISTEN_PORT);
        return host() + ":" + (port == 0 ? listenPort() + 1 : port);
    }
    public boolean isSlave() { return string(BrokerKey.BROKER_ROLE).equalsIgnoreCase("SLAVE"); }

    public List<String> nameServers() {
        return Arrays.stream(string(BrokerKey.NAMESRV_ADDR).split(";")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The store directory, resolved against the instance base when relative. */
    public Path storeRoot() {
        Path root = Path.of(string(BrokerKey.STORE_PATH_ROOT_DIR));
        return root.isAbsolute() || base == null ? root.normalize() : base.resolve(root).normalize();
    }

    /** Where topics.json, subscriptionGroup.json and consumerOffset.json live, as upstream keeps them. */
    public Path configDirectory() {
        return storeRoot().resolve("config");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BrokerSettings s && values.equals(s.values) && java.util.Objects.equals(base, s.base);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "BrokerSettings" + values;
    }
}
