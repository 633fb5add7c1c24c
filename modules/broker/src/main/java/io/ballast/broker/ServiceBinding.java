package io.ballast.broker;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The implementation of one SPI service that the broker currently uses, chosen among every
 * registered one: the pinned implementation if the operator pinned one ({@link #pin}) and it is
 * registered, else the highest {@code service.ranking} (the older registration on a tie). DS
 * offers each implementation ({@link #bind}) and withdraws it ({@link #unbind}); a better one is
 * offered before the one it replaces is withdrawn, so a replacement leaves no gap.
 *
 * <p>A gap does happen when the only implementation leaves before its successor arrives (a bundle
 * updated in place, a flush policy that references the store's journal while the store is
 * replaced). During such a gap the binding is <em>swapping</em>: callers may {@link #await} the
 * successor, bounded, instead of failing. A binding that never had an implementation is not
 * swapping, so callers of a service nobody installed never wait.
 *
 * <p>Each change of implementation is a {@link Swap}, logged once on the logger
 * {@value #SWAP_LOGGER} and kept (the last {@value #KEPT_SWAPS}) for the console. Thread-safe.
 *
 * @param <T> the SPI type
 */
public final class ServiceBinding<T> {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceBinding.class);
    /** The logger of the swap lines, so tests and benchmarks can find them in logs/ballast.log. */
    public static final String SWAP_LOGGER = "io.ballast.broker.swap";
    private static final Logger SWAPS = LoggerFactory.getLogger(SWAP_LOGGER);
    static final int KEPT_SWAPS = 10;
    /** Service property DS offers carry for the implementing bundle's version (set by {@link BoundServices}). */
    static final String BUNDLE_VERSION = "ballast.bundle.version";

    /** A registered implementation with the service properties it was registered with. */
    public record Bound<T>(T service, String implementation, int ranking, String version, long serviceId) {
        /** As the swap line names it: {@code component (bundle version)}. */
        public String label() {
            return version.isEmpty() ? implementation : implementation + " (" + version + ")";
        }
    }

    /**
     * One change of implementation. The line is parsed by the integration tests and benchmarks;
     * keep its shape: {@code swap ROLE: FROM -> TO; traffic paused N ms, longest wait M ms} (ASCII,
     * whatever the log file's charset), FROM and TO as {@code component (bundle version)}.
     *
     * @param pausedMillis      how long the binding had no implementation (0 for a direct replacement)
     * @param longestWaitMillis the longest any caller waited for this implementation
     */
    public record Swap(String role, String from, String to, long pausedMillis, long longestWaitMillis, long atMillis) {
        public String line() {
            return "swap " + role + ": " + from + " -> " + to + "; traffic paused " + pausedMillis + " ms, longest wait "
                    + longestWaitMillis + " ms";
        }
    }

    /** A caller waiting during a gap. */
    private record Waiter<T>(CompletableFuture<Optional<T>> next, long sinceNanos) {
    }

    private final String role;
    private final LongSupplier nanos;
    private final List<Bound<T>> offered = new ArrayList<>();
    private final List<Waiter<T>> waiters = new ArrayList<>();
    private final Deque<Swap> swaps = new ArrayDeque<>();
    private final List<BiConsumer<T, T>> changeListeners = new CopyOnWriteArrayList<>();
    private volatile Bound<T> current;
    private String pinned;
    private Bound<T> left;          // the implementation whose leave opened the current gap
    private long gapSinceNanos;
    private long longestWaitNanos;  // of callers already finished in the current gap
    private long swapCount;

    public ServiceBinding(String role) {
        this(role, System::nanoTime);
    }

    ServiceBinding(String role, LongSupplier nanos) {
        this.role = role;
        this.nanos = nanos;
    }

    /** What this binding is for, as the console names it: store, flush, replication, dedup, routing. */
    public String role() {
        return role;
    }

    public Optional<Bound<T>> current() {
        return Optional.ofNullable(current);
    }

    /** True while an implementation has left and none has taken its place. */
    public synchronized boolean swapping() {
        return current == null && left != null;
    }

    /**
     * The implementation now; during a gap the next one, or empty once {@code maxMillis} passed
     * without one; empty at once when no implementation was ever bound. A waiting caller holds no
     * thread: the stage completes on the thread that binds the successor, or on the JDK's timer
     * thread, so callers continue with their own executor for anything heavier than a hand-off.
     */
    public CompletionStage<Optional<T>> await(long maxMillis) {
        Waiter<T> waiter;
        synchronized (this) {
            Bound<T> now = current;
            if (now != null) {
                return CompletableFuture.completedFuture(Optional.of(now.service()));
            }
            if (left == null || maxMillis <= 0) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            waiter = new Waiter<>(new CompletableFuture<>(), nanos.getAsLong());
            waiters.add(waiter);
        }
        waiter.next().completeOnTimeout(Optional.empty(), maxMillis, TimeUnit.MILLISECONDS);
        waiter.next().whenComplete((found, failure) -> {
            if (found != null && found.isEmpty()) {
                timedOut(waiter);
            }
        });
        return waiter.next();
    }

    private synchronized void timedOut(Waiter<T> waiter) {
        if (waiters.remove(waiter)) {
            longestWaitNanos = Math.max(longestWaitNanos, nanos.getAsLong() - waiter.sinceNanos());
        }
    }

    /**
     * Calls {@code listener(previous, next)} after every change of implementation (either may be
     * null: a gap opens or closes), and once now with the current one if there is one.
     *
     * @return cancels the listener
     */
    public Runnable onChange(BiConsumer<T, T> listener) {
        changeListeners.add(listener);
        Bound<T> now = current;
        if (now != null) {
            listener.accept(null, now.service());
        }
        return () -> changeListeners.remove(listener);
    }

    /** The last swaps, oldest first. */
    public synchronized List<Swap> swaps() {
        return List.copyOf(swaps);
    }

    /** How many swaps happened since start-up (the console waits for this to move). */
    public synchronized long swapCount() {
        return swapCount;
    }

    public synchronized Optional<String> pinned() {
        return Optional.ofNullable(pinned);
    }

    /** The implementations registered now, the current one included. */
    public synchronized List<Bound<T>> offered() {
        return List.copyOf(offered);
    }

    /**
     * Uses {@code implementation} (a component name as {@link Bound#implementation} gives it)
     * whatever its ranking, or ranking order again for null.
     *
     * @throws IllegalArgumentException if no registered implementation has that name
     */
    public void pin(String implementation) {
        Change<T> change;
        synchronized (this) {
            if (implementation != null && offered.stream().noneMatch(b -> b.implementation().equals(implementation))) {
                throw new IllegalArgumentException("no " + role + " implementation named " + implementation + " is registered; "
                        + "registered: " + offered.stream().map(Bound::implementation).toList());
            }
            pinned = implementation;
            change = select();
        }
        announce(change);
    }

    void bind(T service, Map<String, ?> properties) {
        Change<T> change;
        synchronized (this) {
            offered.add(new Bound<>(service, implementationName(service, properties), ranking(properties),
                    version(properties), serviceId(properties)));
            change = select();
        }
        announce(change);
    }

    void unbind(T service) {
        Change<T> change;
        synchronized (this) {
            offered.removeIf(b -> b.service() == service);
            change = select();
        }
        announce(change);
    }

    /** What a selection changed, announced outside the lock (waiters and listeners run arbitrary code). */
    private record Change<T>(boolean changed, T previous, T next, List<CompletableFuture<Optional<T>>> released) {
        static <T> Change<T> none() {
            return new Change<>(false, null, null, List.of());
        }
    }

    private void announce(Change<T> change) {
        if (!change.changed()) {
            return;
        }
        for (CompletableFuture<Optional<T>> waiter : change.released()) {
            waiter.complete(Optional.of(change.next()));
        }
        for (BiConsumer<T, T> listener : changeListeners) {
            try {
                listener.accept(change.previous(), change.next());
            } catch (RuntimeException e) {
                LOG.warn("{}: a listener of the swap failed: {}", role, e.toString());
            }
        }
    }

    private Change<T> select() {
        Bound<T> chosen = offered.stream()
                .filter(b -> b.implementation().equals(pinned))
                .findFirst()
                .orElseGet(() -> offered.stream()
                        .max(Comparator.comparingInt((Bound<T> b) -> b.ranking()).thenComparingLong(b -> -b.serviceId()))
                        .orElse(null));
        Bound<T> previous = current;
        if (chosen == previous) {
            return Change.none();
        }
        current = chosen;
        long now = nanos.getAsLong();
        List<CompletableFuture<Optional<T>>> released = List.of();
        if (chosen == null) {
            left = previous;
            gapSinceNanos = now;
            longestWaitNanos = 0;
            LOG.info("{}: {} left and no other implementation is registered; requests wait for the next one",
                    role, previous.label());
        } else if (previous == null && left == null) {
            LOG.info("{}: bound {} (ranking {})", role, chosen.label(), chosen.ranking());
        } else {
            long paused = 0;
            long longest = 0;
            String from = previous == null ? left.label() : previous.label();
            if (previous == null) {
                paused = now - gapSinceNanos;
                longest = longestWaitNanos;
                for (Waiter<T> w : waiters) {
                    longest = Math.max(longest, now - w.sinceNanos());
                }
                released = waiters.stream().map(Waiter::next).toList();
                waiters.clear();
                left = null;
            }
            record(new Swap(role, from, chosen.label(), TimeUnit.NANOSECONDS.toMillis(paused),
                    TimeUnit.NANOSECONDS.toMillis(longest), System.currentTimeMillis()));
        }
        return new Change<>(true, previous == null ? null : previous.service(), chosen == null ? null : chosen.service(), released);
    }

    private void record(Swap swap) {
        swaps.addLast(swap);
        if (swaps.size() > KEPT_SWAPS) {
            swaps.removeFirst();
        }
        swapCount++;
        SWAPS.info(swap.line());
    }

    static String implementationName(Object service, Map<String, ?> properties) {
        Object name = properties.get("component.name");
        return name != null ? name.toString() : service.getClass().getName();
    }

    static int ranking(Map<String, ?> properties) {
        Object ranking = properties.get("service.ranking");
        return ranking instanceof Integer i ? i : 0;
    }

    static String version(Map<String, ?> properties) {
        Object version = properties.get(BUNDLE_VERSION);
        return version == null ? "" : version.toString();
    }

    static long serviceId(Map<String, ?> properties) {
        Object id = properties.get("service.id");
        return id instanceof Long l ? l : 0;
    }
}
