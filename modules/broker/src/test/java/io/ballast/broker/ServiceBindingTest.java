package io.ballast.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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

    private final AtomicLong nanos = new AtomicLong();
    private final ServiceBinding<Object> store = new ServiceBinding<>("store", nanos::get);

    private static Map<String, Object> offer(String name, String version) {
        return Map.of("component.name", name, ServiceBinding.BUNDLE_VERSION, version);
    }

    private void atMillis(long millis) {
        nanos.set(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void aCallerDuringAGapGetsTheNextImplementationWhenItBinds() throws Exception {
        binding.bind(fallback, Map.of());
        binding.unbind(fallback);
        assertTrue(binding.swapping());

        CompletableFuture<Optional<Object>> next = binding.await(60_000).toCompletableFuture();
        assertFalse(next.isDone(), "waits while nothing is bound");
        binding.bind(better, Map.of());

        assertSame(better, next.get(5, TimeUnit.SECONDS).orElseThrow());
        assertFalse(binding.swapping());
    }

    @Test
    void aCallerDuringAGapGetsNothingOnceTheBoundPassed() throws Exception {
        binding.bind(fallback, Map.of());
        binding.unbind(fallback);

        assertEquals(Optional.empty(), binding.await(50).toCompletableFuture().get(5, TimeUnit.SECONDS));
    }

    @Test
    void nobodyWaitsForAServiceThatWasNeverBound() {
        CompletableFuture<Optional<Object>> next = binding.await(60_000).toCompletableFuture();
        assertTrue(next.isDone(), "no implementation ever: nothing is being swapped");
        assertEquals(Optional.empty(), next.join());
        assertFalse(binding.swapping());
    }

    @Test
    void aGapIsLoggedOnceWithThePauseAndTheLongestWait() {
        store.bind(fallback, offer("io.ballast.store", "1.0.0"));
        atMillis(1_000);
        store.unbind(fallback);
        atMillis(1_005);
        store.await(60_000);
        atMillis(1_100);
        store.await(60_000);
        atMillis(1_180);
        store.bind(better, offer("io.ballast.store", "1.0.1"));

        assertEquals(1, store.swapCount());
        ServiceBinding.Swap swap = store.swaps().get(0);
        assertEquals("swap store: io.ballast.store (1.0.0) -> io.ballast.store (1.0.1); traffic paused 180 ms, longest wait 175 ms",
                swap.line());
        assertEquals(180, swap.pausedMillis());
        assertEquals(175, swap.longestWaitMillis());
    }

    @Test
    void aDirectReplacementPausesNothing() {
        store.bind(fallback, offer("default", "1.0.0"));
        store.bind(better, Map.of("component.name", "better", "service.ranking", 100, ServiceBinding.BUNDLE_VERSION, "2.0.0"));

        assertEquals("swap store: default (1.0.0) -> better (2.0.0); traffic paused 0 ms, longest wait 0 ms",
                store.swaps().get(0).line());
    }

    @Test
    void onlyTheLastSwapsAreKept() {
        store.bind(fallback, offer("a", "1"));
        for (int i = 0; i < ServiceBinding.KEPT_SWAPS + 5; i++) {
            store.unbind(fallback);
            store.bind(fallback, offer("a", "1"));
        }
        assertEquals(ServiceBinding.KEPT_SWAPS + 5, store.swapCount());
        assertEquals(ServiceBinding.KEPT_SWAPS, store.swaps().size());
    }

    @Test
    void aPinnedImplementationIsUsedWhateverItsRankingUntilAuto() {
        binding.bind(fallback, Map.of("component.name", "default"));
        binding.bind(better, Map.of("component.name", "better", "service.ranking", 100));

        binding.pin("default");
        assertEquals("default", binding.current().orElseThrow().implementation());
        assertEquals(Optional.of("default"), binding.pinned());

        binding.pin(null);
        assertEquals("better", binding.current().orElseThrow().implementation());
        assertEquals(3, binding.swapCount(), "ranking, pin, auto");
    }

    @Test
    void pinningAnUnknownImplementationChangesNothing() {
        binding.bind(fallback, Map.of("component.name", "default"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> binding.pin("nonesuch"));
        assertTrue(e.getMessage().contains("[default]"), e.getMessage());
        assertEquals("default", binding.current().orElseThrow().implementation());
    }

    @Test
    void listenersHearEveryChangeAndTheCurrentOneAtOnce() {
        binding.bind(fallback, Map.of());
        List<String> heard = new ArrayList<>();
        Runnable cancel = binding.onChange((previous, next) -> heard.add(name(previous) + "->" + name(next)));
        binding.unbind(fallback);
        binding.bind(better, Map.of());
        cancel.run();
        binding.unbind(better);

        assertEquals(List.of("none->fallback", "fallback->none", "none->better"), heard);
    }

    private String name(Object service) {
        return service == null ? "none" : service == fallback ? "fallback" : "better";
    }
}
