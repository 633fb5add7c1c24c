package io.ballast.itest.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.itest.fixture.UnpackedDistribution;
import io.ballast.itest.fixture.UnpackedDistribution.Result;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's view: the unpacked tarball, bin/ballast, etc/ and deploy/. */
class BallastCommandIT {
    private static final String ASYNC_FLUSH = "io.ballast.flush.async.AsyncFlush";
    private static final String GROUP_COMMIT = "io.ballast.flush.sync.GroupCommitFlush";
    private static final String FIXTURE_FLUSH = "io.ballast.fixture.flush.ForceEachSendFlush";

    @TempDir
    Path temp;
    private UnpackedDistribution dist;

    @BeforeEach
    void unpack() throws Exception {
        dist = UnpackedDistribution.unpackOnFreePorts(UnpackedDistribution.tarball(), temp);
    }

    @AfterEach
    void killLeftovers() throws IOException {
        dist.killAll();
    }

    @Test
    void startsHotDeploysARankedServiceFallsBackAndStopsCleanly() throws Exception {
        Path home = dist.home();
        Result start = dist.ballast("start");
        assertEquals(0, start.exitCode(), start.output());
        assertTrue(start.output().contains("Ballast started"), start.output());
        assertTrue(start.output().matches("(?s).*console 127\\.0\\.0\\.1:\\d+.*"), start.output());
        long pid = UnpackedDistribution.pid(home).orElseThrow();
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "broker process alive");

        Result status = dist.ballast("status");
        assertEquals(0, status.exitCode(), status.output());
        assertTrue(status.output().contains("running (pid " + pid), status.output());

        assertEquals(ASYNC_FLUSH, active("flush"));

        // Drop a higher-ranked flush policy into deploy/: the broker follows it, same process.
        Path deployed = home.resolve("deploy/fixture-ranked-flush.jar");
        Files.copy(Path.of(System.getProperty("ballast.fixture.flush")), deployed, StandardCopyOption.REPLACE_EXISTING);
        awaitActive("flush", FIXTURE_FLUSH::equals);
        assertTrue(swapLogged(ASYNC_FLUSH, FIXTURE_FLUSH), "the broker rebinds rather than restarts:\n" + UnpackedDistribution.log(home));

        // Take it away: the default comes back, still without a restart.
        Files.delete(deployed);
        awaitActive("flush", ASYNC_FLUSH::equals);
        assertTrue(swapLogged(FIXTURE_FLUSH, ASYNC_FLUSH), UnpackedDistribution.log(home));
        assertEquals(pid, UnpackedDistribution.pid(home).orElseThrow(), "same broker process throughout");

        Result stop = dist.ballast("stop");
        assertEquals(0, stop.exitCode(), stop.output());
        assertTrue(stop.output().contains("Ballast stopped (pid " + pid + ")"), stop.output());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process gone after stop");
        assertFalse(Files.exists(home.resolve("data/ballast.pid")), "pid file removed");
        Result after = dist.ballast("status");
        assertEquals(3, after.exitCode(), after.output());

        String log = UnpackedDistribution.log(home);
        assertTrue(log.contains("Console listening on"), "the broker logs to logs/ballast.log:\n" + log);
        assertTrue(log.contains("Console closed"), "SIGTERM deactivates the components:\n" + log);
        assertFalse(Pattern.compile("^\\S+ ERROR ", Pattern.MULTILINE).matcher(log).find(), "no ERROR in the log:\n" + log);
    }

    @Test
    void anEditedConfigurationFileAppliesToTheRunningBroker() throws Exception {
        assertEquals(0, dist.ballast("start").exitCode());
        long pid = UnpackedDistribution.pid(dist.home()).orElseThrow();
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path cfg = dist.home().resolve("etc/io.ballast.console.cfg");
        Files.writeString(cfg, Files.readString(cfg).replace("port = 0", "port = " + port));

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!dist.ballast("status").output().contains("console 127.0.0.1:" + port)) {
            assertTrue(System.nanoTime() < deadline, "console not moved to port " + port + ":\n" + UnpackedDistribution.log(dist.home()));
            Thread.sleep(100);
        }
        assertTrue(active("routing").startsWith("io.ballast."), "the console answers on its new port");
        assertEquals(pid, UnpackedDistribution.pid(dist.home()).orElseThrow(), "no restart");
        assertEquals(0, dist.ballast("stop").exitCode());
    }

    @Test
    void flushDiskTypeInTheBrokerConfigurationSwitchesThePolicyOnTheRunningBroker() throws Exception {
        assertEquals(0, dist.ballast("start").exitCode());
        long pid = UnpackedDistribution.pid(dist.home()).orElseThrow();
        assertEquals(ASYNC_FLUSH, active("flush"));
        Path cfg = dist.home().resolve("etc/io.ballast.broker.cfg");
        String original = Files.readString(cfg);

        Files.writeString(cfg, original + "\nflushDiskType = SYNC_FLUSH\n");
        awaitActive("flush", GROUP_COMMIT::equals);
        Files.writeString(cfg, original + "\nflushDiskType = ASYNC_FLUSH\n");
        awaitActive("flush", ASYNC_FLUSH::equals);

        assertEquals(pid, UnpackedDistribution.pid(dist.home()).orElseThrow(), "no restart");
        String log = UnpackedDistribution.log(dist.home());
        assertTrue(log.contains("Store opened"), log);
        assertEquals(1, log.lines().filter(l -> l.contains("Store open at")).count(), "the store stayed open throughout:\n" + log);
        assertEquals(0, dist.ballast("stop").exitCode());
    }

    @Test
    void runStaysInTheForegroundAndStopsCleanlyOnSigterm() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(dist.home().resolve("bin/ballast").toString(), "run")
                .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Path out = temp.resolve("run.out");
        builder.redirectOutput(out.toFile());
        Process run = builder.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.readString(out).contains("ballast: ready in")) {
                assertTrue(run.isAlive(), "run exited early:\n" + Files.readString(out));
                assertTrue(System.nanoTime() < deadline, "not ready:\n" + Files.readString(out));
                Thread.sleep(50);
            }
            assertEquals(run.pid(), UnpackedDistribution.pid(dist.home()).orElseThrow(), "run execs the JVM itself");
            run.destroy(); // SIGTERM
            assertTrue(run.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "stopped within 60 s");
            assertEquals(0, run.exitValue(), Files.readString(out));
            assertTrue(Files.readString(out).contains("ballast: stopped (clean)"), Files.readString(out));
            assertFalse(Files.exists(dist.home().resolve("data/ballast.pid")));
        } finally {
            run.destroyForcibly();
        }
    }

    @Test
    void everyBallastBundleNamesAJpmsModule() throws Exception {
        List<Path> ours;
        try (var jars = Files.list(dist.home().resolve("system"))) {
            ours = jars.filter(j -> j.getFileName().toString().matches("(spi|broker|console|routing-namesrv|remoting)-.*\\.jar")).toList();
        }
        assertEquals(5, ours.size(), ours.toString());
        for (Path jar : ours) {
            var modules = java.lang.module.ModuleFinder.of(jar).findAll();
            assertEquals(1, modules.size(), jar.toString());
            String name = modules.iterator().next().descriptor().name();
            assertTrue(name.startsWith("io.ballast."), jar + " names module " + name);
            assertFalse(modules.iterator().next().descriptor().isAutomatic(), jar + " has a module-info, not just a file name");
        }
        var launcher = java.lang.module.ModuleFinder.of(dist.home().resolve("lib")).findAll().stream()
                .map(m -> m.descriptor().name()).toList();
        assertTrue(launcher.contains("io.ballast.launcher"), launcher.toString());
    }

    @Test
    void secondStartOfTheSameInstanceSaysItIsAlreadyRunning() throws Exception {
        Result first = dist.ballast("start");
        assertEquals(0, first.exitCode(), first.output());
        long pid = UnpackedDistribution.pid(dist.home()).orElseThrow();

        Result second = dist.ballast("start");
        assertEquals(1, second.exitCode(), second.output());
        assertEquals("ballast: already running (pid " + pid + ", base " + dist.home() + ")", second.output().trim());

        assertEquals(0, dist.ballast("stop").exitCode());
    }

    @Test
    void oneDistributionRunsSeveralInstancesEachUnderItsOwnBase() throws Exception {
        Path nameServer = temp.resolve("ns");
        Path broker = temp.resolve("broker-a");
        Result ns = dist.ballast("start", "--base", nameServer.toString(), "--roles", "namesrv");
        assertEquals(0, ns.exitCode(), ns.output());
        Result a = dist.ballast("start", "--base", broker.toString(), "--roles", "broker");
        assertEquals(0, a.exitCode(), a.output());

        assertTrue(ns.output().contains("roles namesrv,"), ns.output());
        assertTrue(a.output().contains("roles broker,"), a.output());
        for (Path base : List.of(nameServer, broker)) {
            for (String dir : List.of("etc", "data", "logs", "deploy")) {
                assertTrue(Files.isDirectory(base.resolve(dir)), base + " has its own " + dir);
            }
            assertTrue(Files.exists(base.resolve("etc/io.ballast.console.cfg")), "a new base gets the default etc/");
            assertTrue(Files.exists(base.resolve("logs/ballast.log")), "each instance logs under its own base");
        }
        assertFalse(UnpackedDistribution.pid(nameServer).equals(UnpackedDistribution.pid(broker)), "two processes");
        // A name-server-only JVM leaves the broker's bundles stopped: no store is opened or preallocated.
        assertFalse(Files.exists(nameServer.resolve("data/store")), "the name server's base holds no store");
        assertTrue(Files.isDirectory(broker.resolve("data/store/commitlog")), "the broker's base holds the store");
        assertFalse(Files.exists(dist.home().resolve("data/ballast.pid")), "the distribution's own data/ is untouched");

        assertEquals(0, dist.ballast("status", "--base", nameServer.toString()).exitCode());
        assertEquals(0, dist.ballast("stop", "--base", nameServer.toString()).exitCode());
        assertEquals(3, dist.ballast("status", "--base", nameServer.toString()).exitCode());
        assertEquals(0, dist.ballast("status", "--base", broker.toString()).exitCode(), "stopping one leaves the other");
        assertEquals(0, dist.ballast("stop", "--base", broker.toString()).exitCode());
    }

    @Test
    void aConfiguredPortInUseFailsTheStartWithOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Path cfg = dist.home().resolve("etc/io.ballast.console.cfg");
            Files.writeString(cfg, Files.readString(cfg).replace("port = 0", "port = " + taken.getLocalPort()));

            Result start = dist.ballast("start");
            assertEquals(1, start.exitCode(), start.output());
            assertTrue(start.output().trim().startsWith("ballast: port 127.0.0.1:" + taken.getLocalPort() + " (console"), start.output());
            assertEquals(1, start.output().trim().lines().count(), start.output());
        }
        assertEquals(3, dist.ballast("status").exitCode(), "nothing left running");
    }

    @Test
    void aDataDirectoryThatCannotBeWrittenIsReportedClearly() throws Exception {
        Path base = temp.resolve("blocked");
        Files.createDirectories(base);
        Files.writeString(base.resolve("data"), "a file where the data directory should be");

        Result start = dist.ballast("start", "--base", base.toString());
        assertEquals(1, start.exitCode(), start.output());
        assertEquals("ballast: data directory " + base.resolve("data") + " is not writable", start.output().trim());
    }

    @Test
    void aJavaOlderThan17IsRefusedWithOneLine() throws Exception {
        Path fakeJdk = temp.resolve("old-jdk");
        Path java = fakeJdk.resolve("bin/java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, "#!/bin/sh\necho '    java.specification.version = 11' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        dist.environment("JAVA_HOME", fakeJdk.toString());

        Result start = dist.ballast("start");
        assertEquals(1, start.exitCode(), start.output());
        assertEquals("ballast: Java 17 or newer is needed; " + java + " is version 11", start.output().trim());
    }

    @Test
    void helpExplainsEveryCommand() throws Exception {
        Result help = dist.ballast("--help");
        assertEquals(0, help.exitCode());
        for (String command : List.of("start", "run", "stop", "status", "console", "--base", "--roles")) {
            assertTrue(help.output().contains("  " + command), "help mentions " + command + ":\n" + help.output());
        }
        Result unknown = dist.ballast("frobnicate");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.output().startsWith("ballast: unknown command 'frobnicate'"), unknown.output());
    }

    /** Whether logs/ballast.log has the swap line of flush from one implementation to another. */
    private boolean swapLogged(String from, String to) throws IOException {
        return Pattern.compile("swap flush: " + Pattern.quote(from) + " \\(\\S+\\) -> " + Pattern.quote(to)
                + " \\(\\S+\\); traffic paused \\d+ ms").matcher(UnpackedDistribution.log(dist.home())).find();
    }

    /** The implementation of a service the running broker uses, as its console reports it. */
    private String active(String service) throws Exception {
        Result console = dist.ballastWithInput("ballast:services\n", "console");
        assertEquals(0, console.exitCode(), console.output());
        Matcher row = Pattern.compile("^" + service + "\\s+(\\S+)\\s+", Pattern.MULTILINE).matcher(console.output());
        assertTrue(row.find(), "ballast:services lists " + service + ":\n" + console.output());
        return row.group(1);
    }

    private void awaitActive(String service, Predicate<String> wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String active = active(service);
        while (!wanted.test(active)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(service + " still " + active + " after 30 s; log:\n" + UnpackedDistribution.log(dist.home()));
            }
            Thread.sleep(200);
            active = active(service);
        }
    }
}
