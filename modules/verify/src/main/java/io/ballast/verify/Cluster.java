package io.ballast.verify;

import java.util.Optional;

/**
 * The cluster under test as the campaign sees it: where clients connect, and which processes (if
 * any) it may fault. An existing cluster given only by its name server has none; faults that need
 * a process are then skipped. A process may be a Ballast base this distribution controls
 * ({@link #ballastMaster}), or any broker known by a pid file and a start command; the faults that
 * need more than the process (the console, etc/, deploy/) run only on the former.
 */
public interface Cluster extends AutoCloseable {
    String nameServerAddress();

    Optional<BrokerProcess> master();

    Optional<BrokerProcess> slave();

    /** The master as a Ballast base (its console, etc/, deploy/, log), when it is one. */
    Optional<Node> ballastMaster();

    /** The namespaces the brokers run in, when the master↔slave link can be cut. */
    Optional<SplitNetwork> network();

    /** The directory of the master's store when it is a small file system verify may fill up. */
    Optional<java.nio.file.Path> smallDisk();

    /**
     * Why a scenario that acts on the master's Ballast base ({@code needs}: "its etc/", "its
     * console", ...) cannot run here, or empty when it can.
     */
    default Optional<String> withoutBallastMaster(String needs) {
        if (ballastMaster().isPresent()) {
            return Optional.empty();
        }
        return Optional.of(master().isPresent()
                ? "skipped: the master is not a Ballast base this distribution controls (--master-pid); needs " + needs
                : "skipped: needs the master's base (" + needs + ")");
    }

    @Override
    void close();
}
