package io.ballast.verify;

import java.util.Optional;

/**
 * The cluster under test as the campaign sees it: where clients connect, and which processes (if
 * any) it may fault. An existing cluster given only by its name server has none; faults that need
 * a process are then skipped.
 */
public interface Cluster extends AutoCloseable {
    String nameServerAddress();

    Optional<Node> master();

    Optional<Node> slave();

    /** The namespaces the brokers run in, when the master↔slave link can be cut. */
    Optional<SplitNetwork> network();

    /** The directory of the master's store when it is a small file system verify may fill up. */
    Optional<java.nio.file.Path> smallDisk();

    @Override
    void close();
}
