package io.ballast.itest.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.itest.fixture.UnpackedDistribution;
import io.ballast.itest.fixture.UnpackedDistribution.Result;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/ballast -c FILE with RocketMQ's own broker.conf files, the protocol's ports and bundles. */
class BrokerConfigurationIT {
    private static final String BROKER_CFG = "etc/io.ballast.broker.cfg";

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
    void aMasterAndASlaveStartFromRocketMqBrokerConfFilesTakenUnchanged() throws Exception {
        Path master = sample("master.conf");
        Path slave = sample("slave.conf");
        Path a = temp.resolve("a");
        Path b = temp.resolve("b");

        Result startA = dist.ballast("start", "--base", a.toString(), "--roles", "broker", "-c", master.toString());
        assertEquals(0, startA.exitCode(), startA.output());
        assertTrue(startA.output().startsWith("ballast: broker configuration from " + master + " written to " + BROKER_CFG + "\n"
                + "Ballast started"), startA.output());
        Result startB = dist.ballast("start", "--base", b.toString(), "--roles", "broker", "--config", slave.toString());
        assertEquals(0, startB.exitCode(), startB.output());

        String cfgA = Files.readString(a.resolve(BROKER_CFG));
        assertTrue(cfgA.contains("\nbrokerRole = SYNC_MASTER\n") && cfgA.contains("\nlistenPort = 10911\n"), cfgA);
        String cfgB = Files.readString(b.resolve(BROKER_CFG));
        for (String line : List.of("brokerId = 1", "listenPort = 11911", "brokerRole = SLAVE", "haMasterAddress = 127.0.0.1:10912",
                "slaveReadEnable = true")) {
            assertTrue(cfgB.contains("\n" + line + "\n"), line + " in\n" + cfgB);
        }
        assertTrue(cfgB.contains("# Let consumers whose backlog is cold read from a slave"), "the etc file's comments stay:\n" + cfgB);
        assertEquals(1, cfgB.lines().filter(l -> l.startsWith("listenPort")).count(), "replaced, not added:\n" + cfgB);

        // storePathRootDir=data/store is relative: each instance's store is under its own base.
        assertTrue(UnpackedDistribution.log(a).contains("Store open at " + a.resolve("data/store")), UnpackedDistribution.log(a));
        assertTrue(UnpackedDistribution.log(b).contains("Store open at " + b.resolve("data/store")), UnpackedDistribution.log(b));

        assertEquals(0, dist.ballast("stop", "--base", a.toString()).exitCode());
        assertEquals(0, dist.ballast("stop", "--base", b.toString()).exitCode());
    }

    @Test
    void aMissingBrokerConfFailsTheStartWithOneLine() throws Exception {
        Path missing = temp.resolve("no-such.conf");
        assertOneLineFailure("ballast: broker configuration " + missing + " (-c) does not exist or is not a file",
                dist.ballast("start", "-c", missing.toString()));
    }

    @Test
    void aBrokerConfForAJvmWithoutTheBrokerRoleFailsWithOneLine() throws Exception {
        assertOneLineFailure("ballast: -c " + sample("master.conf") + " configures a broker, but --roles namesrv runs none:"
                + " add the broker role or drop -c", dist.ballast("start", "--roles", "namesrv", "-c", sample("master.conf").toString()));
    }

    @Test
    void aFileThatIsNotAPropertiesFileFailsWithOneLineAndLeavesEtcAlone() throws Exception {
        String before = Files.readString(dist.home().resolve(BROKER_CFG));
        Path binary = temp.resolve("broker.conf");
        Files.write(binary, new byte[] {'b', 'r', 'o', 'k', 'e', 'r', 0, 0, 0, 1, (byte) 0xc3, (byte) 0x28});
        assertOneLineFailure("ballast: " + binary + " (-c) is not a properties file: it is not UTF-8 text",
                dist.ballast("start", "-c", binary.toString()));

        Path ini = temp.resolve("broker.ini");
        Files.writeString(ini, "# brokers\n[broker-a]\nbrokerName=broker-a\n", StandardCharsets.UTF_8);
        assertOneLineFailure("ballast: " + ini + " (-c) is not a properties file: line 2 is not key=value: '[broker-a]'",
                dist.ballast("start", "-c", ini.toString()));
        assertEquals(before, Files.readString(dist.home().resolve(BROKER_CFG)));
    }

    @Test
    void minusCBelongsToStartAndRunOnly() throws Exception {
        Result status = dist.ballast("status", "-c", sample("master.conf").toString());
        assertEquals(1, status.exitCode(), status.output());
        assertEquals("ballast: -c FILE applies to start and run, not status", status.output().trim());
    }

    @Test
    void aTakenNameServerPortFailsTheStartNamingPortAndRole() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            dist.setListenPort("etc/io.ballast.namesrv.cfg", taken.getLocalPort());
            Result start = dist.ballast("start");
            assertEquals(1, start.exitCode(), start.output());
            assertTrue(start.output().startsWith("ballast: port 127.0.0.1:" + taken.getLocalPort()
                    + " (namesrv, set in etc/io.ballast.namesrv.cfg) is in use"), start.output());
            assertEquals(1, start.output().trim().lines().count(), start.output());
        }
        assertEquals(3, dist.ballast("status").exitCode(), "nothing left running");
    }

    @Test
    void aTakenBrokerPortFromTheBrokerConfFailsTheStart() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Path conf = Files.writeString(temp.resolve("taken.conf"), "listenPort=" + taken.getLocalPort() + "\n");
            Result start = dist.ballast("start", "--roles", "broker", "-c", conf.toString());
            assertEquals(1, start.exitCode(), start.output());
            assertTrue(start.output().startsWith("ballast: port 127.0.0.1:" + taken.getLocalPort()
                    + " (broker, set in etc/io.ballast.broker.cfg) is in use"), start.output());
            assertEquals(1, start.output().trim().lines().count(), start.output());
        }
    }

    @Test
    void theProtocolBundlesAreInstalledAndActive() throws Exception {
        assertEquals(0, dist.ballast("start").exitCode());
        Result lb = dist.ballastWithInput("lb -s\n", "console");
        assertEquals(0, lb.exitCode(), lb.output());
        for (String bundle : List.of("io.ballast.remoting", "io.netty.common", "io.netty.buffer", "io.netty.resolver",
                "io.netty.transport", "io.netty.transport-native-unix-common", "io.netty.codec", "io.netty.handler",
                "com.fasterxml.jackson.core.jackson-core", "com.fasterxml.jackson.core.jackson-databind",
                "com.fasterxml.jackson.core.jackson-annotations")) {
            assertTrue(lb.output().lines().anyMatch(l -> l.contains("|Active") && l.matches(".*\\|" + java.util.regex.Pattern.quote(bundle)
                    + "( .*)?$")), bundle + " active:\n" + lb.output());
        }
        assertEquals(0, dist.ballast("stop").exitCode());
    }

    @Test
    void helpDocumentsMinusC() throws Exception {
        Result help = dist.ballast("--help");
        assertTrue(help.output().contains("  -c, --config FILE"), help.output());
        assertTrue(help.output().contains("etc/io.ballast.broker.cfg"), help.output());
    }

    private static Path sample(String name) throws Exception {
        return Path.of(BrokerConfigurationIT.class.getResource("/conf/" + name).toURI());
    }

    private static void assertOneLineFailure(String expected, Result result) {
        assertEquals(1, result.exitCode(), result.output());
        assertEquals(expected, result.output().trim());
    }
}
