package io.ballast.namesrv;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets brokers that stopped registering: every scan interval (upstream: 5 s) it removes each
 * replica silent for longer than its own heartbeat timeout and closes the connection it had
 * registered on, so a half-dead broker reconnects and registers afresh. One daemon thread.
 */
final class BrokerExpiry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerExpiry.class);

    private final RouteTable routes;
    private final Clock clock;
    private final ScheduledExecutorService scanner;

    BrokerExpiry(RouteTable routes, Clock clock, long scanIntervalMillis) {
        if (scanIntervalMillis <= 0) {
            throw new IllegalArgumentException("scan interval " + scanIntervalMillis + " ms is not positive");
        }
        this.routes = routes;
        this.clock = clock;
        this.scanner = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "ballast-namesrv-expiry");
            thread.setDaemon(true);
            return thread;
        });
        scanner.scheduleWithFixedDelay(this::scan, scanIntervalMillis, scanIntervalMillis, TimeUnit.MILLISECONDS);
    }

    /** One scan; runs on the scanner thread, and directly in tests. */
    void scan() {
        try {
            for (BrokerRegistration gone : routes.removeExpired(clock.millis())) {
                LOG.warn("Broker {} ({} id {}) removed: no registration for over {} ms",
                        gone.brokerAddr(), gone.brokerName(), gone.brokerId(), gone.heartbeatTimeoutMillis());
                if (gone.channel() != null) {
                    gone.channel().close();
                }
            }
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again; the next scan must still happen
            LOG.error("Broker expiry scan failed", e);
        }
    }

    @Override
    public void close() {
        scanner.shutdownNow();
    }
}
