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
}
