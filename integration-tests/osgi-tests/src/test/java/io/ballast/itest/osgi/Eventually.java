package io.ballast.itest.osgi;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Polls a check until it reports no problems or time runs out. Reaching the start level means
 * every bundle was started, but Declarative Services activates components on its own schedule
 * (configuration events, dynamic references), so the tests allow it a moment.
 */
final class Eventually {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Eventually() {
    }

    /** The problems of the last attempt: empty when the check passed within {@link #TIMEOUT}. */
    static List<String> problems(Supplier<List<String>> check) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<String> problems = check.get();
        while (!problems.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            problems = check.get();
        }
        return problems;
    }
}
