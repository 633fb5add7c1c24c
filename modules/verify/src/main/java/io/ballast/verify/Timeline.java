package io.ballast.verify;

import java.util.ArrayList;
import java.util.List;

/** When each fault of a scenario was in force, on the scenario's {@link History} clock. */
public final class Timeline {
    /** A fault in force from {@code fromMillis} to {@code toMillis}. */
    public record Span(long fromMillis, long toMillis, String label) {
    }

    private final History clock;
    private final List<Span> spans = new ArrayList<>();

    public Timeline(History clock) {
        this.clock = clock;
    }

    public long now() {
        return clock.now();
    }

    /** Records that {@code label} was in force from {@code fromMillis} until now. */
    public synchronized void span(String label, long fromMillis) {
        spans.add(new Span(fromMillis, clock.now(), label));
    }

    public synchronized List<Span> spans() {
        return List.copyOf(spans);
    }
}
