package io.ballast.itest.ha;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waits: a condition is checked every 100 ms until a deadline, then the test fails saying what it waited for. */
final class Await {
    private static final long CHECK_EVERY_MS = 100;

    private Await() {
    }

    static void until(Duration timeout, Supplier<String> what, BooleanSupplier condition) throws InterruptedException {
        value(timeout, what, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }

    /** The first present value {@code attempt} yields; an exception from it counts as "not yet" and is reported at the deadline. */
    static <T> T value(Duration timeout, Supplier<String> what, Callable<Optional<T>> attempt) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                Optional<T> value = attempt.call();
                if (value.isPresent()) {
                    return value.get();
                }
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() - deadline > 0) {
                return fail("not within " + timeout.toSeconds() + " s: " + what.get() + (last == null ? "" : "; last error: " + last), last);
            }
            Thread.sleep(CHECK_EVERY_MS);
        }
    }
}
