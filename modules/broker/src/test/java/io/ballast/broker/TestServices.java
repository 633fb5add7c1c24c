package io.ballast.broker;

import io.ballast.spi.routing.RoutingPolicy;
import java.util.Map;

/** Binds SPI services in plain-Java tests, as DS would in the framework. */
public final class TestServices {
    private TestServices() {
    }

    public static void bindRouting(BoundServices services, RoutingPolicy routing) {
        services.bindRouting(routing, Map.of("component.name", "test-routing"));
    }
}
