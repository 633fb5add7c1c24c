package io.ballast.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.tools.bench.BenchOptions.Role;
import io.ballast.tools.bench.BenchOptions.SendMode;
import io.ballast.tools.bench.BenchOptions.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void defaults() {
        BenchOptions o = BenchOptions.parse(List.of());
        assertEquals("127.0.0.1:9876", o.nameServer());
        assertTrue(o.topic().startsWith("BenchTopic-"));
        assertFalse(o.topicGiven());
        assertEquals(Role.PRODUCE, o.role());
        assertEquals(SendMode.SYNC, o.sendMode());
        assertEquals(4, o.threads());
        assertEquals(1024, o.size());
        assertEquals(1, o.batch());
        assertEquals(10, o.durationSeconds());
        assertEquals(0, o.count());
        assertFalse(o.drain());
        assertFalse(o.json());
    }

    @Test
    void everyOptionInBothSpellings() {
        BenchOptions o = BenchOptions.parse(List.of("-n", "10.0.0.1:9876", "--topic=Orders", "--role", "both", "--send", "ASYNC",
                "--threads", "8", "--consumers=2", "-s", "512", "--batch", "16", "--in-flight", "64", "-d", "30", "-c", "1000",
                "--send-timeout", "5000", "--drain", "--drain-idle", "5", "-g", "g1", "--json"));
        assertEquals("10.0.0.1:9876", o.nameServer());
        assertEquals("Orders", o.topic());
        assertTrue(o.topicGiven());
        assertEquals(Role.BOTH, o.role());
        assertEquals(SendMode.ASYNC, o.sendMode());
        assertEquals(8, o.threads());
        assertEquals(2, o.consumers());
        assertEquals(512, o.size());
        assertEquals(16, o.batch());
        assertEquals(64, o.inFlight());
        assertEquals(30, o.durationSeconds());
        assertEquals(1000, o.count());
        assertEquals(5000, o.sendTimeoutMs());
        assertTrue(o.drain());
        assertEquals(5, o.drainIdleSeconds());
        assertEquals("g1", o.group());
        assertTrue(o.json());
    }

    @Test
    void badArgumentsSayWhatIsWrong() {
        assertRefused("unknown option '--thread'", "--thread", "4");
        assertRefused("--threads takes a whole number, not 'many'", "--threads", "many");
        assertRefused("--threads must be between 1 and 1024, not 0", "--threads", "0");
        assertRefused("--duration needs a value", "--duration");
        assertRefused("--send is one of sync, async, oneway, not 'fast'", "--send", "fast");
        assertRefused("--batch 4 needs sync or async", "--send", "oneway", "--batch", "4");
        assertRefused("exceeds the broker's 4 MiB message limit", "--size", "1048576", "--batch", "8");
        assertRefused("--role consume needs --topic", "--role", "consume");
        assertRefused("--role consume produces nothing", "--role", "consume", "-t", "T", "--drain");
        assertRefused("is not a topic name", "-t", "no spaces");
        assertRefused("--json takes no value", "--json=yes");
    }

    @Test
    void aBadOptionIsOneLineOnStderrAndExit2() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new BenchCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(new String[] {"--size", "-5"});
        assertEquals(2, code);
        assertEquals("ballast bench: --size must be between 1 and 4194304, not -5\n", err.toString(StandardCharsets.UTF_8));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpDocumentsEveryOption() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new BenchCommand(new PrintStream(out, true, StandardCharsets.UTF_8), System.err).run(new String[] {"--help"});
        assertEquals(0, code);
        String help = out.toString(StandardCharsets.UTF_8);
        for (String option : List.of("--namesrv", "--topic", "--role", "--send", "--threads", "--consumers", "--size", "--batch",
                "--in-flight", "--duration", "--count", "--send-timeout", "--drain", "--drain-idle", "--group", "--json", "--help")) {
            assertTrue(help.contains(option + " ") || help.contains(option + "\n"), option + " is not in --help");
        }
    }

    private static void assertRefused(String expected, String... args) {
        UsageException e = assertThrows(UsageException.class, () -> BenchOptions.parse(List.of(args)));
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' does not say '" + expected + "'");
        assertFalse(e.getMessage().contains("\n"), "more than one line: " + e.getMessage());
    }
}
