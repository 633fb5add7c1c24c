package io.ballast.itest.swap;

import io.ballast.itest.fixture.BallastBroker;
import io.ballast.itest.fixture.UnpackedDistribution;
import io.ballast.itest.fixture.UnpackedDistribution.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One broker (name server and broker in one JVM) from the unpacked distribution, on its own base,
 * with what a swap test does to it: the console, etc/ edits, deploy/ drops, and the pause each
 * swap logged. Each test class makes its own and stops it at the end.
 */
final class SwapBroker implements AutoCloseable {
    /** The broker's line per swap: "swap SERVICE ...; traffic paused N ms" (ServiceBinding). */
    private static final Pattern PAUSE = Pattern.compile("swap (\\w+)\\b.*traffic paused (\\d+) ms");
    private static UnpackedDistribution shared;

    private final UnpackedDistribution dist;
    private final BallastBroker broker;
    private final Path base;

    private SwapBroker(UnpackedDistribution dist, BallastBroker broker, Path base) {
        this.dist = dist;
        this.broker = broker;
        this.base = base;
    }

    static synchronized SwapBroker start(String name, Map<String, String> settings) throws Exception {
        Path work = Path.of(System.getProperty("ballast.itest.work", "target"));
        if (shared == null) {
            // A folder of this JVM's own: the store test replaces a jar in its system/.
            Path into = work.resolve("dist-" + ProcessHandle.current().pid());
            Files.createDirectories(into);
            shared = UnpackedDistribution.unpack(UnpackedDistribution.tarball(), into);
        }
        Path base = work.resolve("bases").resolve(name);
        BallastBroker broker = BallastBroker.isolated(shared, base, settings);
        broker.start();
        return new SwapBroker(shared, broker, base);
    }

    /** Out-and-back swaps per test: 1 in the suite, 10 or more for the pause figures. */
    static int rounds() {
        return Math.max(1, Integer.getInteger("swap.rounds", 1));
    }

    String nameServer() {
        return broker.nameServerAddress();
    }

    Path base() {
        return base;
    }

    Path home() {
        return dist.home();
    }

    /** Runs console commands (one a line) and returns what the console printed. */
    String console(String commands) throws IOException, InterruptedException {
        Result result = dist.ballastWithInput(commands + "\n", "console", "--base", base.toString());
        if (result.exitCode() != 0) {
            throw new IllegalStateException("console exited " + result.exitCode() + ":\n" + result.output());
        }
        return result.output();
    }

    /** The implementation {@code ballast:services} shows bound for {@code service}. */
    String active(String service) throws IOException, InterruptedException {
        String services = console("ballast:services");
        Matcher row = Pattern.compile("^" + service + "\\s+(\\S+)", Pattern.MULTILINE).matcher(services);
        if (!row.find()) {
            throw new AssertionError("ballast:services lists no " + service + ":\n" + services);
        }
        return row.group(1);
    }

    /** Waits (30 s at most) until {@code service}'s bound implementation satisfies {@code wanted}. */
    String awaitActive(String service, Predicate<String> wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String now = active(service);
        while (!wanted.test(now)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(service + " still " + now + " after 30 s; log ends with:\n" + logTail(60));
            }
            Thread.sleep(200);
            now = active(service);
        }
        return now;
    }

    /** Sets one key in etc/io.ballast.broker.cfg, as an operator's edit: the broker follows it live. */
    void setBrokerKey(String key, String value) throws IOException {
        Path cfg = base.resolve("etc").resolve(BallastBroker.BROKER_CFG);
        List<String> lines = new ArrayList<>(Files.readAllLines(cfg, StandardCharsets.UTF_8));
        lines.removeIf(l -> l.matches("\\s*" + Pattern.quote(key) + "\\s*[=:].*"));
        lines.add(key + " = " + value);
        Files.write(cfg, lines, StandardCharsets.UTF_8);
    }

    Path deploy() {
        return base.resolve("deploy");
    }

    String log() throws IOException {
        return Files.readString(broker.logFile(), StandardCharsets.ISO_8859_1);
    }

    String logTail(int lines) {
        try {
            List<String> all = log().lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The pauses (ms) the broker logged for swaps of {@code service}, in log order. */
    List<Long> pauses(String service) throws IOException {
        List<Long> pauses = new ArrayList<>();
        Matcher m = PAUSE.matcher(log());
        while (m.find()) {
            if (m.group(1).equals(service)) {
                pauses.add(Long.parseLong(m.group(2)));
            }
        }
        return pauses;
    }

    /**
     * Prints one parsable line per logged swap of {@code service} ("SWAP-PAUSE service=S ms=N"),
     * or one with ms=none when the broker logged no pause line, and returns the pauses.
     */
    List<Long> reportPauses(String service) throws IOException {
        List<Long> pauses = pauses(service);
        if (pauses.isEmpty()) {
            System.out.println("SWAP-PAUSE service=" + service + " ms=none");
        }
        for (long ms : pauses) {
            System.out.println("SWAP-PAUSE service=" + service + " ms=" + ms);
        }
        return pauses;
    }

    void restart() throws IOException, InterruptedException {
        broker.stop();
        broker.start();
    }

    @Override
    public void close() throws Exception {
        try {
            broker.stop();
        } finally {
            broker.kill();
        }
    }
}
