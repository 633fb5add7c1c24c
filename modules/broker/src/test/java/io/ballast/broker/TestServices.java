package io.ballast.broker;

import io.ballast.spi.routing.RoutingPolicy;
import io.ballast.spi.store.MessageStore;
import java.util.Map;

/** BoundServices for plain-Java tests: binds what DS would bind in the framework. */
public final class TestServices {
    private TestServices() {
    }

    public static BoundServices withStore(MessageStore store) {
        BoundServices services = new BoundServices();
        services.bindStore(store, Map.of("component.name", "test-store"));
        return services;
    }

    public static void bindRouting(BoundServices services, RoutingPolicy routing) {
        services.bindRouting(routing, Map.of("component.name", "test-routing"));
    }

    public static void unbindStore(BoundServices services, MessageStore store) {
        services.unbindStore(store);
    }
}
