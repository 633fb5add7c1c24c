package io.ballast.broker;

import io.ballast.spi.flush.FlushPolicy;
import io.ballast.spi.replication.ReplicationStrategy;
import io.ballast.spi.routing.RoutingPolicy;
import io.ballast.spi.store.MessageStore;
import java.util.Map;

/** Binds SPI services in plain-Java tests, as DS would in the framework. */
public final class TestServices {
    private TestServices() {
    }

    public static void bindRouting(BoundServices services, RoutingPolicy routing) {
        services.bindRouting(routing, Map.of("component.name", "test-routing"));
    }

    public static void bindStore(BoundServices services, MessageStore store, String name) {
        services.bindStore(store, Map.of("component.name", name));
    }

    public static void unbindStore(BoundServices services, MessageStore store) {
        services.unbindStore(store);
    }

    public static void bindFlush(BoundServices services, FlushPolicy flush, String name) {
        services.bindFlush(flush, Map.of("component.name", name));
    }

    public static void unbindFlush(BoundServices services, FlushPolicy flush) {
        services.unbindFlush(flush);
    }

    public static void bindReplication(BoundServices services, ReplicationStrategy replication) {
        services.bindReplication(replication, Map.of("component.name", "test-replication"));
    }
}
