package io.ballast.verify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A broker process of any product (Apache RocketMQ, or a Ballast run by hand) that verify knows
 * only by its pid file ({@code --master-pid}) and the shell command that starts it again
 * ({@code --master-start}). The command runs with {@code sh -c} to its end: it must start the
 * broker in the background, write the pid file, and return once the broker serves, as
 * {@code bin/ballast start} does. Signals go to the pid the file names.
 *
 * <p>The command's output goes to a temporary file, not a pipe: a broker started in the background
 * that keeps the command's stdout would otherwise hold the read open forever.
 */
public final class ScriptedBroker extends SignalledProcess {
    static final long START_SECONDS = 120;
    private static final long STOP_SECONDS = 60;
    private static final int OUTPUT_SHOWN = 2000;

    private final String startCommand;
    private final long startSeconds;

    public ScriptedBroker(String name, Path pidFile, String startCommand) {
        this(name, pidFile, startCommand, START_SECONDS);
    }

    ScriptedBroker(String name, Path pidFile, String startCommand, long startSeconds) {
        super(name, pidFile);
        this.startCommand = startCommand;
        this.startSeconds = startSeconds;
    }

    /**
     * Runs the start command (bounded, {@link #START_SECONDS} by default); it fails when the command exits
     * non-zero, overruns (then it and whatever it started are killed), or leaves no live pid.
     */
    @Override
    public void start() throws IOException, InterruptedException {
        Path output = Files.createTempFile("verify-" + name() + "-start-", ".log");
        try {
            Process shell = new ProcessBuilder("sh", "-c", startCommand).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!shell.waitFor(startSeconds, TimeUnit.SECONDS)) {
                shell.descendants().forEach(ProcessHandle::destroyForcibly);
                shell.destroyForcibly();
                throw new IOException(name() + ": the start command still ran after " + startSeconds + " s (killed): " + tail(output));
            }
            if (shell.exitValue() != 0) {
                throw new IOException(name() + ": the start command exited " + shell.exitValue() + ": " + tail(output));
            }
            if (!pidFile.isRunning()) {
                throw new IOException(name() + ": the start command returned but " + pidFile.file() + " names no running process: "
                        + tail(output));
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** SIGTERM (resumed first, so a paused broker can act on it), bounded, then SIGKILL. */
    @Override
    public void stop() throws IOException, InterruptedException {
        if (pidFile.isRunning()) {
            pidFile.signal("CONT");
            if (pidFile.terminate(STOP_SECONDS)) {
                return;
            }
        }
        pidFile.kill9();
    }

    private static String tail(Path output) throws IOException {
        String text = Files.readString(output, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "(no output)" : text.length() <= OUTPUT_SHOWN ? text : "..." + text.substring(text.length() - OUTPUT_SHOWN);
    }

    @Override
    public String toString() {
        return name() + " (pid file " + pidFile.file() + ")";
    }
}
