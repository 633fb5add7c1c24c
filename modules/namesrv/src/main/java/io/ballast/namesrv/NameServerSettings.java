package io.ballast.namesrv;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The name server's settings as RocketMQ tools see them (GET_NAMESRV_CONFIG, UPDATE_NAMESRV_CONFIG),
 * under upstream's key names. Where the server listens comes from the component's configuration
 * ({@code etc/io.ballast.namesrv.cfg}) and is only reported here: a remote request cannot move the
 * port it arrived on. {@code orderMessageEnable} applies live. Thread-safe.
 */
final class NameServerSettings {

    static final String LISTEN_PORT = "listenPort";
    static final String BIND_ADDRESS = "bindAddress";
    static final String SCAN_INTERVAL = "scanNotActiveBrokerInterval";
    static final String ORDER_MESSAGE_ENABLE = "orderMessageEnable";

    private final String bindAddress;
    private final int listenPort;
    private final long scanNotActiveBrokerIntervalMillis;
    private volatile boolean orderMessageEnable;

    NameServerSettings(String bindAddress, int listenPort, long scanNotActiveBrokerIntervalMillis) {
        this.bindAddress = bindAddress;
        this.listenPort = listenPort;
        this.scanNotActiveBrokerIntervalMillis = scanNotActiveBrokerIntervalMillis;
    }

    String bindAddress() {
        return bindAddress;
    }

    int listenPort() {
        return listenPort;
    }

    long scanNotActiveBrokerIntervalMillis() {
        return scanNotActiveBrokerIntervalMillis;
    }

    /** Whether routes carry the order-topic layout stored under the KV namespace ORDER_TOPIC_CONFIG. */
    boolean orderMessageEnable() {
        return orderMessageEnable;
    }

    /** The settings as {@code key=value} lines, sorted: what {@code mqadmin getNamesrvConfig} prints. */
    String asPropertiesText() {
        Map<String, String> values = new TreeMap<>();
        values.put(BIND_ADDRESS, bindAddress);
        values.put(LISTEN_PORT, Integer.toString(listenPort));
        values.put(SCAN_INTERVAL, Long.toString(scanNotActiveBrokerIntervalMillis));
        values.put(ORDER_MESSAGE_ENABLE, Boolean.toString(orderMessageEnable));
        StringBuilder text = new StringBuilder();
        values.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        return text.toString();
    }

    /** What an update did: the keys applied, and for each key not applied, why. */
    record UpdateOutcome(Map<String, String> applied, Map<String, String> refused) {
    }

    UpdateOutcome update(Properties properties) {
        Map<String, String> applied = new LinkedHashMap<>();
        Map<String, String> refused = new LinkedHashMap<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            String value = properties.getProperty(key).trim();
            switch (key) {
                case ORDER_MESSAGE_ENABLE -> {
                    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
                        orderMessageEnable = Boolean.parseBoolean(value);
                        applied.put(key, value);
                    } else {
                        refused.put(key, "not a boolean: '" + value + "'");
                    }
                }
                case LISTEN_PORT, BIND_ADDRESS, SCAN_INTERVAL ->
                        refused.put(key, "set it in etc/io.ballast.namesrv.cfg (the server restarts its listener)");
                default -> refused.put(key, "not a setting of this name server");
            }
        }
        return new UpdateOutcome(applied, refused);
    }
}
