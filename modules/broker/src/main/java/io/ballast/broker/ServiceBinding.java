package io.ballast.broker;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The implementation of one SPI service that the broker currently uses. DS calls {@link #bind}
 * for a better-ranked implementation <em>before</em> it calls {@link #unbind} for the one it
 * replaces (greedy, dynamic reference), so readers always see some implementation while one is
 * registered, and an unbind of an implementation that is no longer current changes nothing.
 *
 * @param <T> the SPI type
 */
public final class ServiceBinding<T> {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceBinding.class);

    /** A bound implementation with the service properties it was registered with. */
    public record Bound<T>(T service, String implementation, int ranking) {
    }

    private final String role;
    private final AtomicReference<Bound<T>> current = new AtomicReference<>();

    public ServiceBinding(String role) {
        this.role = role;
    }

    /** What this binding is for, as the console names it: store, flush, replication, dedup, routing. */
    public String role() {
        return role;
    }

    public Optional<Bound<T>> current() {
        return Optional.ofNullable(current.get());
    }

    void bind(T service, Map<String, ?> properties) {
        Bound<T> next = new Bound<>(service, implementationName(service, properties), ranking(properties));
        Bound<T> previous = current.getAndSet(next);
        if (previous == null) {
            LOG.info("{}: bound {} (ranking {})", role, next.implementation(), next.ranking());
        } else {
            LOG.info("{}: rebound from {} (ranking {}) to {} (ranking {})", role, previous.implementation(),
                    previous.ranking(), next.implementation(), next.ranking());
        }
    }

    void unbind(T service) {
        Bound<T> now = current.get();
        if (now != null && now.service() == service && current.compareAndSet(now, null)) {
            LOG.info("{}: {} left and no other implementation is registered", role, now.implementation());
        }
    }

    static String implementationName(Object service, Map<String, ?> properties) {
        Object name = properties.get("component.name");
        return name != null ? name.toString() : service.getClass().getName();
    }

    static int ranking(Map<String, ?> properties) {
        Object ranking = properties.get("service.ranking");
        return ranking instanceof Integer i ? i : 0;
    }
}
