package io.ballast.itest.distribution;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The tarball under test, unpacked into a folder, and driven only through {@code bin/ballast},
 * as an operator would. Every broker it started is killed on {@link #killAll()}, so a failed
 * test never leaves a JVM behind.
 */
final class UnpackedDistribution {
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

    /** What a command printed (stdout and stderr together) and how it exited. */
    record Result(int exitCode, String output) {
    }

    private final Path home;
    private final List<Path> bases = new ArrayList<>();
    private final Map<String, String> environment = new HashMap<>();

    private UnpackedDistribution(Path home) {
        this.home = home;
        // The JDK running the tests is the one the broker gets.
        environment.put("JAVA_HOME", System.getProperty("java.home"));
    }

    static UnpackedDistribution unpack(Path tarball, Path into) throws IOException, InterruptedException {
        Process tar = new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", into.toString())
                .redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0) {
            throw new IOException("tar failed: " + output);
        }
        try (Stream<Path> entries = Files.list(into)) {
            Path home = entries.filter(p -> p.getFileName().toString().startsWith("ballast-")).findFirst()
                    .orElseThrow(() -> new IOException("no ballast-<version>/ folder in " + tarball));
            UnpackedDistribution dist = new UnpackedDistribution(home);
            // The name server and broker ports of the default etc/ (9876, 10911) may be taken by
            // anything else on this machine; free ones keep these tests independent of it.
            dist.setListenPort("etc/io.ballast.namesrv.cfg", freePort());
            dist.setListenPort("etc/io.ballast.broker.cfg", freePort());
            return dist;
        }
    }

    /** Sets {@code listenPort} in one of the distribution's own etc/ files. */
    void setListenPort(String cfg, int port) throws IOException {
        Path file = home.resolve(cfg);
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        String changed = text.replaceFirst("(?m)^listenPort = \\d+$", "listenPort = " + port);
        if (changed.equals(text)) {
            throw new IOException("no 'listenPort = N' line in " + file);
        }
        Files.writeString(file, changed, StandardCharsets.ISO_8859_1);
    }

    /** A port nothing listens on right now (the kernel's pick for an ephemeral bind). */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static Path tarball() {
        return Path.of(System.getProperty("ballast.tarball", "target/under-test/ballast.tar.gz"));
    }

    Path home() {
        return home;
    }

    void environment(String name, String value) {
        environment.put(name, value);
    }

    /** Runs {@code bin/ballast ARGS}, optionally feeding {@code stdin}; bounded by a timeout. */
    Result ballastWithInput(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/ballast").toString());
        command.addAll(List.of(args));
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--base")) {
                bases.add(Path.of(args[i + 1]));
            }
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Path out = Files.createTempFile("ballast-cmd", ".out");
        builder.redirectOutput(out.toFile());
        Process process = builder.start();
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("bin/ballast " + String.join(" ", args) + " did not finish within " + COMMAND_TIMEOUT);
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        Files.delete(out);
        return new Result(process.exitValue(), output);
    }

    Result ballast(String... args) throws IOException, InterruptedException {
        return ballastWithInput(null, args);
    }

    /** The pid a running instance recorded, if any. */
    static Optional<Long> pid(Path base) throws IOException {
        Path pidFile = base.resolve("data/ballast.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(Files.readString(pidFile).trim()));
    }

    static String log(Path base) throws IOException {
        Path log = base.resolve("logs/ballast.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** Kills (-9) every broker started from this distribution that is still running. */
    void killAll() throws IOException {
        List<Path> all = new ArrayList<>(bases);
        all.add(home);
        for (Path base : all) {
            Optional<Long> pid = pid(base);
            if (pid.isPresent()) {
                ProcessHandle.of(pid.get()).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}
