package io.ballast.itest.ha;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * When each send was made and when it was answered ({@link System#nanoTime()}), so a test can ask
 * how long the sends in flight around some moment (a live swap) waited. Thread-safe.
 */
final class SendTimes {
    private record Send(long startNanos, long endNanos) {
    }

    private final ConcurrentLinkedQueue<Send> sends = new ConcurrentLinkedQueue<>();

    void record(long startNanos, long endNanos) {
        sends.add(new Send(startNanos, endNanos));
    }

    /** The longest send that was in flight at some instant of [fromNanos, toNanos]; zero if none was. */
    Duration longestInFlight(long fromNanos, long toNanos) {
        long longest = 0;
        for (Send send : sends) {
            if (send.startNanos() - toNanos <= 0 && send.endNanos() - fromNanos >= 0) {
                longest = Math.max(longest, send.endNanos() - send.startNanos());
            }
        }
        return Duration.ofNanos(longest);
    }

    int count() {
        return sends.size();
    }
}
