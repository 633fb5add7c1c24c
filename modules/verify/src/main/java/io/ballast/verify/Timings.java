package io.ballast.verify;

import java.time.Duration;

/**
 * How long each phase of a scenario lasts: load before the fault, the fault held, load after the
 * heal, and the final drain (ended early once everything acknowledged arrived, or once nothing new
 * arrived for {@code drainQuiet}).
 */
public record Timings(Duration warmUp, Duration hold, Duration after, Duration drainQuiet, Duration drainLimit,
                      int producerThreads, int restarts) {
    public static Timings shortCampaign() {
        return new Timings(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(8),
                Duration.ofSeconds(30), 2, 2);
    }

    public static Timings longCampaign() {
        return new Timings(Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofSeconds(20),
                Duration.ofSeconds(120), 4, 5);
    }
}
