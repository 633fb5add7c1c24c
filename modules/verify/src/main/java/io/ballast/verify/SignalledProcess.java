package io.ballast.verify;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The part of a {@link BrokerProcess} that is the same for every product: kill -9, SIGSTOP,
 * SIGCONT and "is it running" go to the pid its pid file names. How it starts and stops is the
 * subclass's ({@code bin/ballast} for a Ballast base, a shell command for any other broker).
 */
public abstract class SignalledProcess implements BrokerProcess {
    private final String name;
    final PidFile pidFile;

    SignalledProcess(String name, Path pidFile) {
        this.name = name;
        this.pidFile = new PidFile(name, pidFile);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final void kill9() throws IOException, InterruptedException {
        pidFile.kill9();
    }

    @Override
    public final void pause() throws IOException, InterruptedException {
        pidFile.signal("STOP");
    }

    @Override
    public final void resume() throws IOException, InterruptedException {
        pidFile.signal("CONT");
    }

    @Override
    public final boolean isRunning() throws IOException {
        return pidFile.isRunning();
    }

    @Override
    public final Optional<Long> pid() throws IOException {
        return pidFile.pid();
    }
}
