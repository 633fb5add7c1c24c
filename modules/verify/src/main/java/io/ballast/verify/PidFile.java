package io.ballast.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A process named by the pid in a file (digits; anything else in the file is ignored), and the
 * signals verify sends it. The process need not be verify's child: whoever started it wrote the
 * file. A file that is missing or names a dead pid means "not running".
 */
final class PidFile {
    private static final long EXIT_WAIT_SECONDS = 30;

    private final String name;
    private final Path file;

    PidFile(String name, Path file) {
        this.name = name;
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** The live process the file names, if any. */
    Optional<ProcessHandle> process() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String pid = Files.readString(file).replaceAll("[^0-9]", "");
        return pid.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive);
    }

    boolean isRunning() throws IOException {
        return process().isPresent();
    }

    Optional<Long> pid() throws IOException {
        return process().map(ProcessHandle::pid);
    }

    /** SIGKILL, then waits (bounded) until the process is gone. */
    void kill9() throws IOException, InterruptedException {
        Optional<ProcessHandle> process = process();
        if (process.isEmpty()) {
            return;
        }
        process.get().destroyForcibly();
        awaitExit(process.get(), EXIT_WAIT_SECONDS, "SIGKILL");
    }

    /** SIGTERM, then waits up to {@code seconds} for the process to exit; false when it still runs. */
    boolean terminate(long seconds) throws IOException, InterruptedException {
        Optional<ProcessHandle> process = process();
        if (process.isEmpty()) {
            return true;
        }
        process.get().destroy();
        try {
            awaitExit(process.get(), seconds, "SIGTERM");
            return true;
        } catch (IOException stillRuns) {
            return false;
        }
    }

    /** kill -SIGNAL of the process, when it runs (STOP, CONT, ...). */
    void signal(String signal) throws IOException, InterruptedException {
        Optional<ProcessHandle> process = process();
        if (process.isPresent() && Node.run(List.of("kill", "-" + signal, String.valueOf(process.get().pid())), 10) == null) {
            throw new IOException("kill -" + signal + " of " + name + " failed");
        }
    }

    private void awaitExit(ProcessHandle process, long seconds, String signal) throws IOException, InterruptedException {
        try {
            process.onExit().get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException(name + " still runs " + seconds + " s after " + signal, e);
        }
    }
}
