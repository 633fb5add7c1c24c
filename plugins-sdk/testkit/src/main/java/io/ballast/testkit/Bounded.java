package io.ballast.testkit;

import io.ballast.spi.message.SendStatus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The suites' waits. Every wait has an upper bound so a broken plugin fails the test instead of
 * hanging the build; the bounds are generous because they catch hangs, never measure speed.
 */
final class Bounded {
    /** How long any single expected event may take before the suite calls it lost. */
    static final Duration LIMIT = Duration.ofSeconds(15);
    /**
     * How long the suites watch for something that must NOT happen (an early acknowledgement).
     * Only a quiet period: a broken plugin usually errs at once, so this is long enough to see it.
     */
    static final Duration QUIET = Duration.ofMillis(300);

    private Bounded() {
    }

    /** The stage's outcome, or a failure naming {@code what} if it did not complete within {@link #LIMIT}. */
    static <T> CompletableFuture<T> completed(CompletionStage<T> stage, String what) {
        CompletableFuture<T> future = stage.toCompletableFuture();
        try {
            future.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not complete within " + LIMIT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        } catch (ExecutionException e) {
            // completed exceptionally: a valid outcome the caller inspects
        }
        return future;
    }

    /** Whether {@code stage} has already completed SEND_OK (not merely completed). */
    static boolean acknowledged(CompletableFuture<SendStatus> stage) {
        return stage.isDone() && !stage.isCompletedExceptionally()
                && stage.getNow(null) == SendStatus.SEND_OK;
    }

    /** Waits until {@code condition} holds, failing with {@code what} after {@link #LIMIT}. */
    static void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + " did not happen within " + LIMIT.toSeconds() + " s");
            }
            pause(5);
        }
    }

    /** Sleeps through the quiet period in which a broken plugin would show itself. */
    static void quietPeriod() {
        pause(QUIET.toMillis());
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
