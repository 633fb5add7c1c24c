package io.ballast.itest.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.verify.StoreSwap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The store bundle updated in place to a new build under load, as docs/operations.md tells an
 * operator: the jar in system/ replaced (a rename over the old file), then {@code update ID} in
 * the console. Same JVM, same client connections; the new build opens the store without a
 * recovery, and a restart keeps it.
 */
class StoreSwapIT {
    private static final String STORE = "io.ballast.store.StoreComponent";

    @Test
    void storeBundleUpdatedInPlaceUnderLoadLosesNothingAndSurvivesARestart() throws Exception {
        try (SwapBroker broker = SwapBroker.start("StoreSwapIT", Map.of())) {
            Path systemJar;
            try (Stream<Path> jars = Files.list(broker.home().resolve("system"))) {
                systemJar = jars.filter(j -> j.getFileName().toString().startsWith("store-commitlog-")).findFirst().orElseThrow();
            }
            String symbolicName = manifest(systemJar).getMainAttributes().getValue("Bundle-SymbolicName").split(";")[0].trim();
            long pid = pid(broker);
            String version = null;
            try (SwapLoad load = SwapLoad.start(broker.nameServer(), "SwapStore", 4, 50_000, false)) {
                load.awaitProgress(300, Duration.ofSeconds(30));
                for (int round = 0; round < SwapBroker.rounds(); round++) {
                    version = "0.1." + (round + 1) + ".fix";
                    Path build = broker.base().resolve("store-commitlog-new.jar");
                    StoreSwap.rebuildWithVersion(systemJar, build, version);
                    Files.move(build, systemJar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    String output = broker.console("update " + bundleId(broker, symbolicName));
                    assertFalse(output.toLowerCase().contains("exception"), output);
                    String wanted = version;
                    awaitBundle(broker, symbolicName, wanted);
                    broker.awaitActive("store", STORE::equals);
                    load.awaitProgress(300, Duration.ofSeconds(30));
                }
                SwapLoad.Result result = load.finish(Duration.ofSeconds(60));
                System.out.println("SWAP-RESULT service=store " + result);
                broker.reportPauses("store");
                SwapChecks.nothingLost(result, broker);
            }
            assertEquals(pid, pid(broker), "the JVM was not restarted");
            String log = broker.log();
            int opens = SwapBroker.rounds() + 1;
            assertEquals(opens, count(log, "Store open at"), "one open per build:\n" + broker.logTail(80));
            assertEquals(opens, count(log, "Store opened after a clean stop"), "each new build found a clean stop, no recovery:\n"
                    + broker.logTail(80));
            assertEquals(0, count(log, "Store recovered after"), "no recovery:\n" + broker.logTail(80));
            assertTrue(broker.active("flush").startsWith("io.ballast.flush."), "a flush policy is bound to the new store");

            broker.restart();
            awaitBundle(broker, symbolicName, version);
        }
    }

    private static long pid(SwapBroker broker) throws IOException {
        return Long.parseLong(Files.readString(broker.base().resolve("data/ballast.pid")).trim());
    }

    private static int count(String log, String text) {
        return (int) log.lines().filter(l -> l.contains(text)).count();
    }

    /** The bundle id in {@code lb -s}'s table ("ID|State|Level|Symbolic-Name (version)"). */
    private static long bundleId(SwapBroker broker, String symbolicName) throws Exception {
        String lb = broker.console("lb -s");
        Matcher row = Pattern.compile("^\\s*(\\d+)\\|[^|]*\\|[^|]*\\|\\s*" + Pattern.quote(symbolicName) + "\\b", Pattern.MULTILINE).matcher(lb);
        assertTrue(row.find(), "lb -s lists " + symbolicName + ":\n" + lb);
        return Long.parseLong(row.group(1));
    }

    private static void awaitBundle(SwapBroker broker, String symbolicName, String version) throws Exception {
        Pattern active = Pattern.compile("\\|Active\\s*\\|[^|]*\\|\\s*" + Pattern.quote(symbolicName) + "\\s*\\(" + Pattern.quote(version) + "\\)");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String lb = broker.console("lb -s");
        while (!active.matcher(lb).find()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(symbolicName + " " + version + " not active after 30 s:\n" + lb + "\n" + broker.logTail(60));
            }
            Thread.sleep(200);
            lb = broker.console("lb -s");
        }
    }

    private static Manifest manifest(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest();
        }
    }
}
