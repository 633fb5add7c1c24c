package io.ballast.remoting;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which processor, on which executor, handles a request code; plus an optional default for codes
 * nobody registered. Built once, before a server or client starts, and immutable after, so the
 * event loops read it without locks. Shared by {@link RemotingServer} and {@link RemotingClient}.
 */
final class ProcessorTable {

    /** A processor and the executor it runs on. */
    record Route(RequestProcessor processor, ProcessorExecutor executor) {
        Route {
            Objects.requireNonNull(processor, "processor");
            Objects.requireNonNull(executor, "executor");
        }
    }

    private final Map<Integer, Route> routes;
    private final Route fallback;

    private ProcessorTable(Map<Integer, Route> routes, Route fallback) {
        this.routes = Map.copyOf(routes);
        this.fallback = fallback;
    }

    /** @return the route for {@code code}, the default one, or null when the code is not supported */
    Route routeFor(int code) {
        return routes.getOrDefault(code, fallback);
    }

    /** Collects routes; a code registered twice is a programming error, reported at once. */
    static final class Builder {
        private final Map<Integer, Route> routes = new HashMap<>();
        private Route fallback;

        void register(int code, RequestProcessor processor, ProcessorExecutor executor) {
            if (routes.putIfAbsent(code, new Route(processor, executor)) != null) {
                throw new IllegalArgumentException("request code " + code + " already has a processor");
            }
        }

        void fallback(RequestProcessor processor, ProcessorExecutor executor) {
            fallback = new Route(processor, executor);
        }

        ProcessorTable build() {
            return new ProcessorTable(routes, fallback);
        }
    }
}
