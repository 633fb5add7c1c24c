package io.ballast.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of the swap scenarios that need no broker: log lines, plugin discovery, the rebuilt store jar. */
class SwapScenariosTest {
    @TempDir
    Path dir;

    private Node node() {
        return new Node("master", dir.resolve("home"), dir.resolve("base"), "broker", Optional.empty(), List.of());
    }

    @Test
    void onlySwapLinesOfTheServiceWrittenAfterTheMarkAreRead() throws IOException {
        Path log = node().logFile();
        Files.createDirectories(log.getParent());
        Files.writeString(log, "12:00:00 INFO swap store: a (1) -> b (2); traffic paused 99 ms, longest wait 9 ms\n");
        SwapLines lines = SwapLines.mark(node());
        Files.writeString(log, "12:00:01 INFO swap dedup: (none) -> x (1); traffic paused 0 ms, longest wait 0 ms\n"
                + "12:00:02 INFO swap store: b (2) -> a (1); traffic paused 180 ms, longest wait 175 ms\n", StandardOpenOption.APPEND);
        List<SwapLines.Swap> store = lines.of("store");
        assertEquals(1, store.size(), store.toString());
        assertEquals(180, store.get(0).pausedMillis());
        assertTrue(store.get(0).line().startsWith("swap store: b (2) -> a (1)"), store.get(0).line());
        assertEquals(1, lines.of("dedup").size());
        assertTrue(lines.of("routing").isEmpty());
    }

    @Test
    void aPluginIsFoundByTheServiceItsComponentDeclaresAndRoutingIsSkippedWithoutOne() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("home/plugins"));
        bundle(plugins.resolve("dedup-idempotent-1.jar"), "1", "OSGI-INF/x.Dedup.xml",
                "<component><service><provide interface=\"io.ballast.spi.dedup.DedupFilter\"/></service></component>");
        Cluster cluster = new ExistingCluster("127.0.0.1:1", Optional.<BrokerProcess>of(node()), Optional.empty());
        assertEquals(Optional.empty(), PluginSwap.dedup(java.time.Duration.ZERO).unavailable(cluster));
        assertEquals(Optional.of("skipped: no alternative routing bundle in plugins/"),
                PluginSwap.routing(java.time.Duration.ZERO).unavailable(cluster));
        assertTrue(PluginSwap.dedup(java.time.Duration.ZERO).unavailable(new ExistingCluster("h:1", Optional.empty(), Optional.empty()))
                .orElseThrow().startsWith("skipped:"));
    }

    @Test
    void theStoreBuildGetsAHigherVersionAndKeepsEveryEntry() throws IOException {
        assertEquals("0.1.0.SNAPSHOT-verify", StoreSwap.bumped("0.1.0.SNAPSHOT"));
        assertEquals("1.0.0.verify", StoreSwap.bumped("1.0.0"));
        Path jar = dir.resolve("store.jar");
        bundle(jar, "0.1.0.SNAPSHOT", "io/ballast/store/Some.class", "bytes");
        Path rebuilt = dir.resolve("store-new.jar");
        StoreSwap.rebuildWithVersion(jar, rebuilt, "0.1.0.SNAPSHOT-verify");
        try (JarFile file = new JarFile(rebuilt.toFile())) {
            assertEquals("0.1.0.SNAPSHOT-verify", file.getManifest().getMainAttributes().getValue("Bundle-Version"));
            assertEquals("io.ballast.store-commitlog", file.getManifest().getMainAttributes().getValue("Bundle-SymbolicName"));
            assertEquals("bytes", new String(file.getInputStream(file.getEntry("io/ballast/store/Some.class")).readAllBytes(),
                    StandardCharsets.UTF_8));
        }
        assertFalse(PluginSwap.declares(rebuilt, "io.ballast.spi.routing.RoutingPolicy"));
    }

    private static void bundle(Path jar, String version, String entry, String content) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Bundle-SymbolicName"), "io.ballast.store-commitlog");
        manifest.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry(entry));
            out.write(content.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }
}
