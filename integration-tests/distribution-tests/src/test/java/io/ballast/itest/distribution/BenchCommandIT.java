package io.ballast.itest.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ballast.itest.fixture.BallastBroker;
import io.ballast.itest.fixture.UnpackedDistribution;
import io.ballast.itest.fixture.UnpackedDistribution.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/ballast bench} from the unpacked tarball, as a child process, against a broker the
 * same distribution started: the tools/ folder is complete and the load driver's figures add up.
 */
class BenchCommandIT {
    private static final Path WORK = Path.of(System.getProperty("ballast.itest.work", "target")).resolve("bench-it");
    private static UnpackedDistribution dist;
    private static BallastBroker broker;

    @BeforeAll
    static void start() throws Exception {
        if (Files.exists(WORK)) {
            try (var paths = Files.walk(WORK)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(WORK.resolve("dist"));
        dist = UnpackedDistribution.unpack(UnpackedDistribution.tarball(), WORK.resolve("dist"));
        broker = BallastBroker.isolated(dist, WORK.resolve("base"), Map.of());
        broker.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            try {
                broker.stop();
            } finally {
                broker.kill();
            }
        }
    }

    @Test
    void aShortSyncRunWithDrainReadsBackEveryAcknowledgedMessage() throws Exception {
        Path stdout = WORK.resolve("bench.json");
        Path stderr = WORK.resolve("bench.err");
        ProcessBuilder builder = new ProcessBuilder(dist.home().resolve("bin/ballast").toString(), "bench",
                "-n", broker.nameServerAddress(), "--threads", "2", "-d", "3", "--drain", "--drain-idle", "20", "--json")
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("BALLAST_TOOLS_OPTS", "-Drocketmq.client.logRoot=" + WORK.resolve("rocketmqlogs"));
        Process bench = builder.start();
        boolean exited = bench.waitFor(120, TimeUnit.SECONDS);
        if (!exited) {
            bench.destroyForcibly();
        }
        String progress = Files.readString(stderr, StandardCharsets.UTF_8);
        assertTrue(exited, "bench did not finish within 120 s; stderr:\n" + progress);
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        assertEquals(0, bench.exitValue(), "stdout:\n" + out + "\nstderr:\n" + progress);

        JsonNode summary = new ObjectMapper().readTree(out);
        long acked = summary.at("/produce/acked").asLong();
        assertTrue(acked > 0, out);
        assertEquals(acked, summary.at("/produce/statuses/SEND_OK").asLong(), out);
        assertEquals(0, summary.at("/produce/errors").size(), out);
        assertEquals(acked + summary.at("/produce/warmup").asLong(), summary.at("/drain/drained").asLong(), out);
        assertTrue(summary.at("/drain/complete").asBoolean(), out);
        assertTrue(summary.at("/produce/latencyMs/p99").asDouble() > 0, out);
        assertTrue(progress.contains("send ") && progress.contains("p99"), "no progress line on stderr:\n" + progress);
    }

    @Test
    void aBadOptionIsOneLineAndExit2() throws Exception {
        Result result = dist.ballast("bench", "--threads", "zero");
        assertEquals(2, result.exitCode(), result.output());
        assertEquals(List.of("ballast bench: --threads takes a whole number, not 'zero'"), result.output().lines().toList());
    }

    @Test
    void helpNamesTheToolCommands() throws Exception {
        Result help = dist.ballast("--help");
        assertTrue(help.output().contains("bench") && help.output().contains("verify"), help.output());
        Result benchHelp = dist.ballast("bench", "--help");
        assertEquals(0, benchHelp.exitCode());
        assertTrue(benchHelp.output().contains("--drain"), benchHelp.output());
    }
}
