package io.ballast.broker;

import io.ballast.spi.replication.ReplicationStrategy;
import io.ballast.spi.routing.RoutingPolicy;
import java.util.Map;

/** Binds SPI services in plain-Java tests, as DS would in the framework. */
public final class TestServices {
    private TestServices() {
    }

    public static void bindRouting(BoundServices services, RoutingPolicy routing) {
        services.bindRouting(routing, Map.of("component.name", "test-routing"));
    }

    public static void bindReplication(BoundServices services, ReplicationStrategy replication) {
        services.bindReplication(replication, Map.of("component.name", "test-replication"));
    }
}
