package io.ballast.ha.link;

import java.net.InetSocketAddress;
import java.util.Arrays;

/** Which end of the link, if any, this JVM runs, from {@code ballast.roles} and {@code brokerRole}; and the settings it runs with. */
final class HaRole {
    static final String ROLES_PROPERTY = "ballast.roles";

    private HaRole() {
    }

    /** Whether the framework property {@code ballast.roles} names the broker: the link belongs to a broker JVM only. */
    static boolean isBrokerJvm(String rolesProperty) {
        return rolesProperty != null && Arrays.stream(rolesProperty.split(",")).map(String::trim).anyMatch("broker"::equals);
    }

    static boolean isSlave(HaLinkConfig config) {
        return "SLAVE".equals(config.brokerRole().trim());
    }

    static LinkSettings settings(HaLinkConfig config) {
        return LinkSettings.of(new GroupCredentials(config.brokerClusterName(), config.brokerName(), config.haAuthSecret()),
                config.haTransferBatchSize(), config.haSendHeartbeatInterval(), config.haHousekeepingInterval());
    }

    static InetSocketAddress listenAddress(HaLinkConfig config) {
        int port = config.haListenPort() > 0 ? config.haListenPort() : config.listenPort() + 1;
        return new InetSocketAddress(config.brokerIP1(), port);
    }

    /** {@code host:port} as an unresolved-until-connect address. */
    static InetSocketAddress masterAddress(String hostPort) {
        String value = hostPort.trim();
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException("haMasterAddress '" + hostPort + "' is not host:port");
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("haMasterAddress '" + hostPort + "' has no numeric port");
        }
        return new InetSocketAddress(value.substring(0, colon), port);
    }
}
