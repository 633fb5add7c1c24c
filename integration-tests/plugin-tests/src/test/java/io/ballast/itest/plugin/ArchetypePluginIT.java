package io.ballast.itest.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.itest.fixture.ConsoleServices;
import io.ballast.itest.fixture.UnpackedDistribution;
import io.ballast.itest.fixture.UnpackedDistribution.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin author's whole path, as docs/plugins.md tells it: generate a project from the archetype,
 * build it (its test runs the testkit's routing contract), drop the bundle into a running broker's
 * deploy/, see the broker use it, delete it, see the broker fall back.
 */
class ArchetypePluginIT {
    private static final String DEFAULT_ROUTING = "io.ballast.routing.SlaveReadRouting";
    private static final String PLUGIN_ROUTING = "com.example.routing.MasterOnlyRouting";
    /** Bounds for a hung child build; the first run on a fresh machine may download plugins. */
    private static final Duration GENERATE_LIMIT = Duration.ofMinutes(5);
    private static final Duration BUILD_LIMIT = Duration.ofMinutes(10);

    @TempDir
    Path temp;
    private UnpackedDistribution dist;

    @AfterEach
    void killLeftovers() throws Exception {
        if (dist != null) {
            dist.killAll();
        }
    }

    @Test
    void aGeneratedPluginBuildsPassesTheTestkitAndHotDeploysIntoARunningBroker() throws Exception {
        String version = System.getProperty("ballast.version");
        Path sourceRoot = Path.of(System.getProperty("ballast.source.root")).toRealPath();
        Path head = SdkRepository.layOut(temp.resolve("repository"), sourceRoot,
                Path.of(System.getProperty("ballast.sdk.jars")), version);
        ChildMaven maven = new ChildMaven(sourceRoot.resolve("mvnw"), head,
                Path.of(System.getProperty("ballast.maven.local.repository")),
                "offline=true".equals(System.getProperty("ballast.maven.offline")));

        Path workspace = Files.createDirectories(temp.resolve("workspace"));
        ChildMaven.Run generate = maven.run(workspace, GENERATE_LIMIT,
                "org.apache.maven.plugins:maven-archetype-plugin:" + System.getProperty("ballast.archetype.plugin.version") + ":generate",
                "-DarchetypeGroupId=io.ballast", "-DarchetypeArtifactId=ballast-plugin-archetype", "-DarchetypeVersion=" + version,
                "-DgroupId=com.example", "-DartifactId=master-only", "-Dversion=1.0.0", "-Dpackage=com.example.routing",
                "-DinteractiveMode=false");
        assertEquals(0, generate.exitCode(), generate.output());
        Path project = workspace.resolve("master-only");

        ChildMaven.Run build = maven.run(project, BUILD_LIMIT, "verify");
        assertEquals(0, build.exitCode(), build.output());
        assertTrue(build.output().contains("Tests run: 4, Failures: 0, Errors: 0, Skipped: 0, Time elapsed")
                && build.output().contains("in com.example.routing.MasterOnlyRoutingContractTest"),
                "the generated test runs the testkit's routing contract and the plugin's own tests:\n" + build.output());
        Path bundle = project.resolve("target/master-only-1.0.0.jar");
        assertTrue(Files.isRegularFile(bundle), "the build leaves a bundle:\n" + build.output());

        dist = UnpackedDistribution.unpackOnFreePorts(UnpackedDistribution.tarball(),
                Files.createDirectories(temp.resolve("broker")));
        Result start = dist.ballast("start");
        assertEquals(0, start.exitCode(), start.output());
        long pid = UnpackedDistribution.pid(dist.home()).orElseThrow();
        ConsoleServices services = new ConsoleServices(dist);
        assertEquals(DEFAULT_ROUTING, services.active("routing"));

        Path deployed = dist.home().resolve("deploy/master-only-1.0.0.jar");
        Files.copy(bundle, deployed);
        services.awaitActive("routing", PLUGIN_ROUTING);

        Files.delete(deployed);
        services.awaitActive("routing", DEFAULT_ROUTING);
        assertEquals(pid, UnpackedDistribution.pid(dist.home()).orElseThrow(), "one broker process throughout");

        Result stop = dist.ballast("stop");
        assertEquals(0, stop.exitCode(), stop.output());
    }
}
