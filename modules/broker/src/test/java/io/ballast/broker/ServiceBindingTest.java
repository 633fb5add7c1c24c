package io.ballast.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceBindingTest {
    private final ServiceBinding<Object> binding = new ServiceBinding<>("routing");
    private final Object fallback = new Object();
    private final Object better = new Object();

    @Test
    void aBetterRankedImplementationTakesOverBeforeTheOldOneIsUnbound() {
        binding.bind(fallback, Map.of("component.name", "default", "service.ranking", 0));
        binding.bind(better, Map.of("component.name", "better", "service.ranking", 100));
        binding.unbind(fallback); // DS unbinds the replaced one after binding the new one

        assertEquals("better", binding.current().orElseThrow().implementation());
        assertEquals(100, binding.current().orElseThrow().ranking());
    }

    @Test
    void whenTheBetterOneLeavesTheFallbackIsUsedAgain() {
        binding.bind(fallback, Map.of("component.name", "default"));
        binding.bind(better, Map.of("component.name", "better", "service.ranking", 100));
        binding.unbind(fallback);
        binding.bind(fallback, Map.of("component.name", "default"));
        binding.unbind(better);

        assertEquals("default", binding.current().orElseThrow().implementation());
        assertEquals(0, binding.current().orElseThrow().ranking());
    }

    @Test
    void unbindingTheLastImplementationLeavesNone() {
        binding.bind(fallback, Map.of());
        binding.unbind(fallback);
        assertTrue(binding.current().isEmpty());
    }

    @Test
    void withoutAComponentNameTheClassNamesTheImplementation() {
        binding.bind(fallback, Map.of());
        assertEquals(Object.class.getName(), binding.current().orElseThrow().implementation());
    }
}
