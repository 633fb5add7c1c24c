package io.ballast.launcher;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Fails the start with one clear line when a port the instance is configured to listen on is
 * taken, before the framework starts and buries the bind error in a component's log. The
 * components still bind for real; this is only the early, readable check.
 */
final class PortCheck {

    /** A listener, as configured in one of the instance's {@code etc/*.cfg} files. */
    record Listener(String name, String cfgFile, String hostKey, String portKey, String defaultHost, int defaultPort) {
    }

    static final Listener CONSOLE = new Listener("console", "io.ballast.console.cfg", "host", "port", "127.0.0.1", 0);
    static final Listener NAMESRV = new Listener("namesrv", "io.ballast.namesrv.cfg", "bindAddress", "listenPort", "127.0.0.1", 9876);
    /** The broker listens on the address it announces, brokerIP1 (loopback unless configured). */
    static final Listener BROKER = new Listener("broker", BrokerConf.ETC_FILE, "brokerIP1", "listenPort", "127.0.0.1", 10911);
    /**
     * A master's replication port: haListenPort, or listenPort + 1 when it is unset or 0 (as the
     * HA link derives it). A slave does not listen on it.
     */
    static final Listener BROKER_HA = new Listener("broker replication", BrokerConf.ETC_FILE, "brokerIP1", "haListenPort", "127.0.0.1", 0);

    /** What a JVM running these roles listens on: the console always, then one server per role. */
    static List<Listener> listeners(Set<String> roles) {
        List<Listener> listeners = new ArrayList<>(List.of(CONSOLE));
        if (roles.contains("namesrv")) {
            listeners.add(NAMESRV);
        }
        if (roles.contains("broker")) {
            listeners.add(BROKER);
            listeners.add(BROKER_HA);
        }
        return listeners;
    }

    private PortCheck() {
    }

    static void requireFree(Path etc, List<Listener> listeners) throws LauncherException {
        Map<Integer, Listener> claimed = new HashMap<>();
        for (Listener listener : listeners) {
            Properties cfg = read(etc.resolve(listener.cfgFile()));
            String host = cfg.getProperty(listener.hostKey(), listener.defaultHost()).trim();
            int port = parsePort(listener, cfg.getProperty(listener.portKey(), Integer.toString(listener.defaultPort())).trim());
            if (listener == BROKER_HA) {
                if ("SLAVE".equalsIgnoreCase(cfg.getProperty("brokerRole", "").trim())) {
                    continue;
                }
                if (port == 0) {
                    int brokerPort = parsePort(BROKER, cfg.getProperty(BROKER.portKey(), Integer.toString(BROKER.defaultPort())).trim());
                    port = brokerPort == 0 ? 0 : brokerPort + 1;
                }
            }
            if (port == 0) {
                continue; // an ephemeral port is always available
            }
            Listener other = claimed.putIfAbsent(port, listener);
            if (other != null) {
                throw new LauncherException("port " + port + " is configured twice: for the " + other.name() + " in etc/"
                        + other.cfgFile() + " and for the " + listener.name() + " in etc/" + listener.cfgFile());
            }
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            } catch (IOException e) {
                throw new LauncherException("port " + host + ":" + port + " (" + listener.name() + ", set in etc/"
                        + listener.cfgFile() + ") is in use or cannot be bound: " + e.getMessage());
            }
        }
    }

    private static int parsePort(Listener listener, String value) throws LauncherException {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new LauncherException(listener.portKey() + "=" + value + " in etc/" + listener.cfgFile()
                    + " is not a port number");
        }
    }

    static Properties read(Path cfg) throws LauncherException {
        Properties properties = new Properties();
        if (Files.isRegularFile(cfg)) {
            try (Reader reader = Files.newBufferedReader(cfg, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new LauncherException("cannot read " + cfg + ": " + e.getMessage(), e);
            }
        }
        return properties;
    }
}
