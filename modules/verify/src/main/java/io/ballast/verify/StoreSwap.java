package io.ballast.verify;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The store bundle updated in place on the running master, by the operator's steps in
 * docs/operations.md ("Each swap, step by step"): a new build (here the same classes under a
 * bumped Bundle-Version) renamed over the jar the framework installed from, under its file name,
 * then {@code update ID} in {@code bin/ballast console}. After the hold the same steps put the
 * original jar back, so the distribution is left as it was. Both swaps must be logged with their
 * pause, and the master's pid must not change (no restart).
 */
public final class StoreSwap implements Fault {
    static final String SYMBOLIC_NAME = "io.ballast.store-commitlog";
    private static final String STORE = "io.ballast.store.StoreComponent";
    private final Duration hold;
    private final List<Long> pauses = new ArrayList<>();

    public StoreSwap(Duration hold) {
        this.hold = hold;
    }

    @Override
    public String name() {
        return "swap-store";
    }

    @Override
    public String proves() {
        return "the store bundle updated in place to a new build on the running master (same JVM, clients connected), and back, "
                + "hands every send over: none acknowledged is lost, and the broker logs how long traffic paused";
    }

    @Override
    public Optional<String> unavailable(Cluster cluster) {
        return cluster.withoutBallastMaster("its console");
    }

    @Override
    public void inject(Cluster cluster, Timeline timeline, Workload load) throws Exception {
        Node master = cluster.ballastMaster().orElseThrow();
        BrokerConsole console = new BrokerConsole(master);
        long pid = master.pid().orElseThrow(() -> new IOException("the master does not run"));
        BrokerConsole.Bundle before = console.bundle(SYMBOLIC_NAME);
        Path jar = Path.of(URI.create(before.location()));
        Path original = master.base().resolve("verify-store-original.jar");
        Files.copy(jar, original, StandardCopyOption.REPLACE_EXISTING);
        String bumped = bumped(before.version());
        long from = timeline.now();
        try {
            Path build = master.base().resolve("verify-store-new.jar");
            rebuildWithVersion(original, build, bumped);
            update(master, console, before.id(), build, jar, bumped);
            Thread.sleep(hold.toMillis());
        } finally {
            // Back to the original build, by the same steps: the distribution must not keep ours.
            update(master, console, before.id(), original, jar, before.version());
            Files.deleteIfExists(original);
            timeline.span("store " + bumped + " (update in place)", from);
        }
        long after = master.pid().orElse(-1L);
        if (after != pid) {
            throw new IOException("the master's pid changed from " + pid + " to " + after + ": the update restarted the JVM");
        }
    }

    /** Renames {@code build} over {@code jar} in its folder, runs {@code update ID}, and waits for the new build bound and logged. */
    private void update(Node master, BrokerConsole console, long id, Path build, Path jar, String version)
            throws IOException, InterruptedException {
        Path next = jar.resolveSibling(".store.verify-tmp");
        Files.copy(build, next, StandardCopyOption.REPLACE_EXISTING);
        Files.move(next, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        SwapLines log = SwapLines.mark(master);
        String output = master.console("update " + id);
        if (output.toLowerCase(java.util.Locale.ROOT).contains("exception")) {
            throw new IOException("update " + id + " failed: " + output.strip());
        }
        console.awaitBundle(SYMBOLIC_NAME, version);
        console.awaitActive("store", STORE::equals, STORE);
        // The store leaving and coming back is one swap line, or two (to (none) and back).
        List<SwapLines.Swap> swaps = log.await("store", 1);
        pauses.add(swaps.stream().mapToLong(SwapLines.Swap::pausedMillis).sum());
    }

    @Override
    public String note() {
        return pauses.isEmpty() ? "" : "traffic paused " + pauses.stream().map(String::valueOf).reduce((a, b) -> a + " + " + b).orElse("")
                + " ms (out + back)";
    }

    /** A higher OSGi version: a qualifier added, or the qualifier extended ("1.0.0" → "1.0.0.verify", "1.0.0.SNAPSHOT" → "1.0.0.SNAPSHOT-verify"). */
    static String bumped(String version) {
        return version.split("\\.").length >= 4 ? version + "-verify" : version + ".verify";
    }

    /** A "bug-fix build": the same classes under another Bundle-Version (swap-tests' StoreSwapIT builds its own with it too). */
    public static void rebuildWithVersion(Path jar, Path into, String version) throws IOException {
        Manifest manifest;
        try (JarFile in = new JarFile(jar.toFile())) {
            manifest = in.getManifest();
        }
        manifest.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
        try (JarFile in = new JarFile(jar.toFile());
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(into), manifest)) {
            for (JarEntry entry : Collections.list(in.entries())) {
                if (entry.getName().equalsIgnoreCase("META-INF/MANIFEST.MF")) {
                    continue;
                }
                out.putNextEntry(new JarEntry(entry.getName()));
                try (InputStream bytes = in.getInputStream(entry)) {
                    bytes.transferTo(out);
                }
                out.closeEntry();
            }
        }
    }
}
