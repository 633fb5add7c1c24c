package io.ballast.verify;

import java.io.IOException;
import java.util.Optional;

/**
 * A broker process as the process-level faults see it (kill -9, SIGSTOP/SIGCONT, restart, master
 * lost): whatever the product, it can be started, stopped, killed, paused and resumed, and asked
 * whether it runs. What only a Ballast base offers (its console, etc/, deploy/, log) is on
 * {@link Node}.
 */
public interface BrokerProcess {
    /** "master" or "slave", for the timeline and error messages. */
    String name();

    /** Starts it and returns once it serves; an exception when it did not come up. */
    void start() throws IOException, InterruptedException;

    /** Graceful stop; whatever still runs after it is killed. */
    void stop() throws IOException, InterruptedException;

    /** SIGKILL, then waits until the process is gone so that its ports and files are free. */
    void kill9() throws IOException, InterruptedException;

    /** SIGSTOP. */
    void pause() throws IOException, InterruptedException;

    /** SIGCONT. */
    void resume() throws IOException, InterruptedException;

    /** Whether the process named by its pid file is alive (a paused one is). */
    boolean isRunning() throws IOException;

    /** Its pid, when it runs. */
    Optional<Long> pid() throws IOException;
}
