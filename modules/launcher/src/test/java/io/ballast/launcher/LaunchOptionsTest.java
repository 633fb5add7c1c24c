package io.ballast.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LaunchOptionsTest {

    @Test
    void byDefaultOneJvmRunsNameServerAndBrokerFromTheDistributionsOwnFolders() throws Exception {
        LaunchOptions options = LaunchOptions.parse(List.of("--home", "/opt/ballast"));
        assertEquals(Path.of("/opt/ballast"), options.home());
        assertEquals(Path.of("/opt/ballast"), options.base());
        assertEquals(Set.of("namesrv", "broker"), options.roles());
        assertEquals("namesrv,broker", options.rolesProperty());
    }

    @Test
    void baseAndRolesAreTakenAsGiven() throws Exception {
        LaunchOptions options = LaunchOptions.parse(List.of("--home", "/opt/ballast", "--base", "/srv/a", "--roles", " broker "));
        assertEquals(Path.of("/srv/a"), options.base());
        assertEquals("broker", options.rolesProperty());
    }

    @Test
    void rolesAreReportedInStartOrderWhateverOrderTheyWereGivenIn() throws Exception {
        assertEquals("namesrv,broker", LaunchOptions.parse(List.of("--home", "/h", "--roles", "broker,namesrv")).rolesProperty());
    }

    @Test
    void anUnknownRoleOrOptionIsRefusedByName() {
        LauncherException role = assertThrows(LauncherException.class,
                () -> LaunchOptions.parse(List.of("--home", "/h", "--roles", "namesrv,proxy")));
        assertEquals("unknown role 'proxy': roles are namesrv and broker", role.getMessage());
        LauncherException option = assertThrows(LauncherException.class, () -> LaunchOptions.parse(List.of("--home", "/h", "--bogus")));
        assertEquals("unknown option '--bogus' (see bin/ballast --help)", option.getMessage());
        assertThrows(LauncherException.class, () -> LaunchOptions.parse(List.of("--home")));
        assertThrows(LauncherException.class, () -> LaunchOptions.parse(List.of("--base", "/b")));
        assertThrows(LauncherException.class, () -> LaunchOptions.parse(List.of("--home", "/h", "--roles", ",")));
    }

    @Test
    void minusCNamesABrokerConfAndNeedsTheBrokerRole() throws Exception {
        assertEquals(Path.of("conf/master.conf"),
                LaunchOptions.parse(List.of("--home", "/h", "-c", "conf/master.conf")).brokerConfig());
        assertEquals(Path.of("/etc/slave.conf"),
                LaunchOptions.parse(List.of("--home", "/h", "--roles", "broker", "--config", "/etc/slave.conf")).brokerConfig());
        assertEquals(null, LaunchOptions.parse(List.of("--home", "/h")).brokerConfig());

        LauncherException noBroker = assertThrows(LauncherException.class,
                () -> LaunchOptions.parse(List.of("--home", "/h", "--roles", "namesrv", "-c", "master.conf")));
        assertEquals("-c master.conf configures a broker, but --roles namesrv runs none: add the broker role or drop -c",
                noBroker.getMessage());
        assertThrows(LauncherException.class, () -> LaunchOptions.parse(List.of("--home", "/h", "-c")));
    }

    @Test
    void theEndpointOfEachChosenRoleIsAwaited() {
        assertEquals(List.of("console", "namesrv", "broker"), List.copyOf(Ballast.expectedEndpoints(Set.of("broker", "namesrv"))));
        assertEquals(List.of("console", "broker"), List.copyOf(Ballast.expectedEndpoints(Set.of("broker"))));
        assertEquals(List.of("console", "namesrv"), List.copyOf(Ballast.expectedEndpoints(Set.of("namesrv"))));
    }
}
