package io.ballast.verify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One {@code bin/ballast} instance of the cluster under test, controlled the way an operator (or
 * a failure) would: start and stop through {@code bin/ballast}, kill -9 and SIGSTOP/SIGCONT of the
 * JVM named by its pid file ({@code data/ballast.pid}), and what only a Ballast base offers: its
 * console, live edits of its {@code etc/io.ballast.broker.cfg}, its log, its distribution's
 * {@code plugins/}. A prefix (e.g. {@code ip netns exec NS}) wraps its start so that it runs in
 * another namespace.
 */
public final class Node extends SignalledProcess {
    private static final long CONSOLE_WAIT_SECONDS = 60;

    private final Path home;
    private final Path base;
    private final String roles;
    private final Optional<Path> brokerConf;
    private final List<String> prefix;

    public Node(String name, Path home, Path base, String roles, Optional<Path> brokerConf, List<String> prefix) {
        super(name, base.resolve("data/ballast.pid"));
        this.home = home;
        this.base = base;
        this.roles = roles;
        this.brokerConf = brokerConf;
        this.prefix = List.copyOf(prefix);
    }

    public Path base() {
        return base;
    }

    /** The distribution this node starts from (its bin/, system/ and plugins/). */
    public Path home() {
        return home;
    }

    /** The broker's own log, where each service swap is logged with its pause. */
    public Path logFile() {
        return base.resolve("logs/ballast.log");
    }

    /**
     * Runs Gogo commands (one a line) through {@code bin/ballast console --base}, as an operator
     * pipes them in, inside the node's namespace (the console listens on its loopback), and
     * returns what the console printed.
     */
    public String console(String commands) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(home.resolve("bin/ballast").toString(), "console", "--base", base.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var stdin = process.getOutputStream()) {
            stdin.write((commands + "\n").getBytes(StandardCharsets.UTF_8));
        }
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(CONSOLE_WAIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(name() + ": bin/ballast console still runs after " + CONSOLE_WAIT_SECONDS + " s");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException(name() + ": bin/ballast console exited " + process.exitValue() + ": " + text.strip());
        }
        return text;
    }

    @Override
    public void start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(home.resolve("bin/ballast").toString(), "start", "--base", base.toString(), "--roles", roles));
        brokerConf.ifPresent(conf -> command.addAll(List.of("-c", conf.toString())));
        String output = run(command, 120);
        if (output == null) {
            throw new IOException(name() + ": bin/ballast start failed; see " + base.resolve("logs/ballast.log"));
        }
    }

    /** Graceful stop (SIGTERM through bin/ballast); a paused JVM is resumed first so it can act on it. */
    @Override
    public void stop() throws IOException, InterruptedException {
        if (isRunning()) {
            pidFile.signal("CONT");
            run(List.of(home.resolve("bin/ballast").toString(), "stop", "--base", base.toString()), 90);
        }
        kill9();
    }

    /**
     * Sets {@code key} in the broker's live configuration file (the launcher's file watcher hands the
     * change to the running broker), replacing its line or appending one.
     */
    public void editBrokerKey(String key, String value) throws IOException {
        ConfigLines.set(base.resolve("etc/io.ballast.broker.cfg"), java.util.Map.of(key, value));
    }

    /** A key's value in the broker's configuration file, or {@code otherwise}. */
    public String brokerKey(String key, String otherwise) throws IOException {
        return ConfigLines.get(base.resolve("etc/io.ballast.broker.cfg"), key, otherwise);
    }

    /** Runs a command to its end; its output, or null when it exited non-zero or overran. */
    static String run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return null;
        }
        return process.exitValue() == 0 ? new String(output, StandardCharsets.UTF_8) : null;
    }

    @Override
    public String toString() {
        return name() + " (base " + base + ")";
    }
}
