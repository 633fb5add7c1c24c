package io.ballast.itest.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.itest.fixture.UnpackedDistribution;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/ballast verify --short} from the unpacked tarball, as an operator runs it: it starts
 * its own name server, master and slave, runs the short fault campaign, and must pass with nothing
 * acknowledged lost, writing the JSON and HTML reports.
 */
class VerifyShortCampaignIT {
    /** The short campaign is bounded well below this; the margin is for a loaded 2-core machine. */
    private static final long LIMIT_SECONDS = 420;
    private static final Pattern SCENARIO = Pattern.compile("\\{\"name\": \"([^\"]+)\".*?\"result\": \"([A-Z]+)\".*?\"acked\": (\\d+).*?\"lost\": (\\d+)");

    @Test
    void theShortCampaignPassesWithNothingLostAndWritesItsReports() throws Exception {
        Path work = Path.of(System.getProperty("ballast.itest.work", "target")).toAbsolutePath().resolve("verify-it");
        deleteTree(work);
        Files.createDirectories(work.resolve("dist"));
        UnpackedDistribution dist = UnpackedDistribution.unpack(UnpackedDistribution.tarball(), work.resolve("dist"));
        Path report = work.resolve("report");
        Path output = work.resolve("verify-output.txt");

        ProcessBuilder verify = new ProcessBuilder(dist.home().resolve("bin/ballast").toString(), "verify", "--short",
                "--report", report.toString(), "--work", work.resolve("cluster-work").toString())
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        verify.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = verify.start();
        boolean finished = process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        System.out.println(printed.replace('\r', '\n'));
        assertTrue(finished, "bin/ballast verify --short still ran after " + LIMIT_SECONDS + " s");
        assertEquals(0, process.exitValue(), "bin/ballast verify --short exited " + process.exitValue());
        assertTrue(printed.contains("verify: PASSED"), "no PASSED line");

        Path json = report.resolve("verify-report.json");
        Path html = report.resolve("verify-report.html");
        assertTrue(Files.isRegularFile(json), json + " missing");
        assertTrue(Files.isRegularFile(html), html + " missing");
        String jsonText = Files.readString(json, StandardCharsets.UTF_8);
        assertTrue(jsonText.contains("\"passed\": true"), "the JSON report does not say passed");

        List<String> ran = new ArrayList<>();
        Matcher scenario = SCENARIO.matcher(jsonText);
        while (scenario.find()) {
            String name = scenario.group(1);
            if (scenario.group(2).equals("PASS")) {
                ran.add(name);
                assertEquals("0", scenario.group(4), name + ": acknowledged messages lost");
                assertTrue(Long.parseLong(scenario.group(3)) > 0, name + ": nothing was acknowledged");
            }
        }
        assertTrue(ran.contains("kill9-master"), "kill9-master did not run and pass: " + ran);
        assertTrue(ran.contains("swap-flush"), "swap-flush did not run and pass: " + ran);
        String page = Files.readString(html, StandardCharsets.UTF_8);
        assertTrue(page.contains("<svg"), "the HTML report has no timeline");
        assertFalse(page.contains("src=\"http"), "the HTML report must not load external assets");
        // Passed: the cluster's data (kept for a failure's diagnosis) goes.
        deleteTree(work.resolve("cluster-work"));
    }

    private static void deleteTree(Path root) throws Exception {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                File file = path.toFile();
                file.delete();
            }
        }
    }
}
