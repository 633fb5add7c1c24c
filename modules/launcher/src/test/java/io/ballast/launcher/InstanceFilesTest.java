package io.ballast.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folders, lock and port checks an instance goes through before the framework starts. */
class InstanceFilesTest {
    @TempDir
    Path temp;
    private Path home;

    @BeforeEach
    void distribution() throws Exception {
        home = temp.resolve("ballast");
        Files.createDirectories(home.resolve("system"));
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/io.ballast.console.cfg"), "port = 0\n");
    }

    @Test
    void aNewBaseGetsItsOwnFoldersAndACopyOfTheDefaultConfiguration() throws Exception {
        Path base = temp.resolve("instances/a");
        InstanceDirs dirs = InstanceDirs.prepare(home, base);
        assertEquals(home.resolve("system"), dirs.system());
        for (Path dir : List.of(dirs.etc(), dirs.data(), dirs.logs(), dirs.deploy())) {
            assertTrue(dir.startsWith(base) && Files.isDirectory(dir), dir.toString());
        }
        assertEquals("port = 0\n", Files.readString(base.resolve("etc/io.ballast.console.cfg")));
    }

    @Test
    void anExistingInstanceConfigurationIsNeverOverwritten() throws Exception {
        Path base = temp.resolve("b");
        Files.createDirectories(base.resolve("etc"));
        Files.writeString(base.resolve("etc/io.ballast.console.cfg"), "port = 9999\n");
        InstanceDirs.prepare(home, base);
        assertEquals("port = 9999\n", Files.readString(base.resolve("etc/io.ballast.console.cfg")));
    }

    @Test
    void aDataPathThatIsNotAWritableDirectoryIsRefused() throws Exception {
        Path base = temp.resolve("c");
        Files.createDirectories(base);
        Files.writeString(base.resolve("data"), "not a directory");
        LauncherException e = assertThrows(LauncherException.class, () -> InstanceDirs.prepare(home, base));
        assertTrue(e.getMessage().startsWith("cannot create " + base.resolve("data")), e.getMessage());
    }

    @Test
    void aFolderWithoutSystemBundlesIsNotADistribution() {
        LauncherException e = assertThrows(LauncherException.class, () -> InstanceDirs.prepare(temp.resolve("nowhere"), temp));
        assertTrue(e.getMessage().startsWith("no system/ folder"), e.getMessage());
    }

    @Test
    void theLockAdmitsOneInstancePerDataDirectoryAndRecordsItsPid() throws Exception {
        Path data = Files.createDirectories(temp.resolve("data"));
        try (InstanceLock lock = InstanceLock.acquire(data)) {
            assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readString(data.resolve("ballast.pid")).trim());
            LauncherException e = assertThrows(LauncherException.class, () -> InstanceLock.acquire(data));
            assertTrue(e.getMessage().startsWith("already running"), e.getMessage());
        }
        assertFalse(Files.exists(data.resolve("ballast.pid")), "released with the pid file");
        InstanceLock.acquire(data).close(); // free again
    }

    @Test
    void aTakenPortIsNamedWithTheFileThatConfiguresIt() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Path etc = Files.createDirectories(temp.resolve("etc"));
            Files.writeString(etc.resolve("io.ballast.console.cfg"), "host = 127.0.0.1\nport = " + taken.getLocalPort() + "\n");
            LauncherException e = assertThrows(LauncherException.class, () -> PortCheck.requireFree(etc, List.of(PortCheck.CONSOLE)));
            assertTrue(e.getMessage().startsWith("port 127.0.0.1:" + taken.getLocalPort()
                    + " (console, set in etc/io.ballast.console.cfg) is in use"), e.getMessage());
        }
    }

    @Test
    void portZeroAndAMissingFileNeedNoCheckButANonNumberIsRefused() throws Exception {
        Path etc = Files.createDirectories(temp.resolve("etc"));
        PortCheck.requireFree(etc, List.of(PortCheck.CONSOLE)); // no file: the default port 0
        Files.writeString(etc.resolve("io.ballast.console.cfg"), "port = ten\n");
        LauncherException e = assertThrows(LauncherException.class, () -> PortCheck.requireFree(etc, List.of(PortCheck.CONSOLE)));
        assertEquals("port=ten in etc/io.ballast.console.cfg is not a port number", e.getMessage());
    }

    @Test
    void eachRoleChecksItsOwnServersPort() {
        assertEquals(List.of(PortCheck.CONSOLE, PortCheck.NAMESRV, PortCheck.BROKER, PortCheck.BROKER_HA),
                PortCheck.listeners(Set.of("broker", "namesrv")));
        assertEquals(List.of(PortCheck.CONSOLE, PortCheck.NAMESRV), PortCheck.listeners(Set.of("namesrv")));
        assertEquals(List.of(PortCheck.CONSOLE, PortCheck.BROKER, PortCheck.BROKER_HA), PortCheck.listeners(Set.of("broker")));
    }

    @Test
    void aMastersReplicationPortDefaultsToTheBrokerPortPlusOneAndASlaveHasNone() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Path etc = Files.createDirectories(temp.resolve("etc"));
            Files.writeString(etc.resolve(BrokerConf.ETC_FILE), "listenPort = " + (taken.getLocalPort() - 1) + "\n");
            LauncherException e = assertThrows(LauncherException.class,
                    () -> PortCheck.requireFree(etc, List.of(PortCheck.BROKER_HA)));
            assertTrue(e.getMessage().startsWith("port 127.0.0.1:" + taken.getLocalPort() + " (broker replication"), e.getMessage());
            Files.writeString(etc.resolve(BrokerConf.ETC_FILE), "listenPort = " + (taken.getLocalPort() - 1) + "\nbrokerRole = SLAVE\n");
            PortCheck.requireFree(etc, List.of(PortCheck.BROKER_HA));
        }
    }

    @Test
    void aTakenNameServerPortIsNamedWithItsRole() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Path etc = Files.createDirectories(temp.resolve("etc"));
            Files.writeString(etc.resolve("io.ballast.namesrv.cfg"), "bindAddress = 127.0.0.1\nlistenPort = " + taken.getLocalPort() + "\n");
            LauncherException e = assertThrows(LauncherException.class,
                    () -> PortCheck.requireFree(etc, PortCheck.listeners(Set.of("namesrv"))));
            assertTrue(e.getMessage().startsWith("port 127.0.0.1:" + taken.getLocalPort()
                    + " (namesrv, set in etc/io.ballast.namesrv.cfg) is in use"), e.getMessage());
            // the other role's port is not checked against the name server's file
            Files.writeString(etc.resolve(BrokerConf.ETC_FILE), "listenPort = 0\n");
            PortCheck.requireFree(etc, PortCheck.listeners(Set.of("broker")));
        }
    }

    @Test
    void theBrokerPortIsReadAfterTheMinusCImportAndCheckedOnBrokerIp1() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Path etc = Files.createDirectories(temp.resolve("etc"));
            Files.writeString(etc.resolve(BrokerConf.ETC_FILE), "listenPort = 0\n");
            Path conf = Files.writeString(temp.resolve("master.conf"), "listenPort=" + taken.getLocalPort() + "\n");
            BrokerConf.importInto(conf, etc);
            LauncherException e = assertThrows(LauncherException.class,
                    () -> PortCheck.requireFree(etc, PortCheck.listeners(Set.of("broker"))));
            assertTrue(e.getMessage().startsWith("port 127.0.0.1:" + taken.getLocalPort()
                    + " (broker, set in etc/io.ballast.broker.cfg) is in use"), e.getMessage());
        }
    }

    @Test
    void twoServersOfOneJvmOnOnePortAreRefused() throws Exception {
        Path etc = Files.createDirectories(temp.resolve("etc"));
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Files.writeString(etc.resolve("io.ballast.namesrv.cfg"), "listenPort = " + port + "\n");
        Files.writeString(etc.resolve(BrokerConf.ETC_FILE), "listenPort = " + port + "\n");
        LauncherException e = assertThrows(LauncherException.class,
                () -> PortCheck.requireFree(etc, PortCheck.listeners(Set.of("namesrv", "broker"))));
        assertEquals("port " + port + " is configured twice: for the namesrv in etc/io.ballast.namesrv.cfg and for the broker"
                + " in etc/io.ballast.broker.cfg", e.getMessage());
    }
}
