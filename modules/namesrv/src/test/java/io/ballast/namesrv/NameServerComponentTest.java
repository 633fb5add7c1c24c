package io.ballast.namesrv;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NameServerComponentTest {

    @Test
    void theNameServerRunsOnlyWhenTheRolesNameIt() {
        assertTrue(NameServerComponent.hasRole("namesrv,broker"));
        assertTrue(NameServerComponent.hasRole(" broker , namesrv "));
        assertFalse(NameServerComponent.hasRole("broker"));
        assertFalse(NameServerComponent.hasRole("namesrv2"));
        assertFalse(NameServerComponent.hasRole(""));
        assertFalse(NameServerComponent.hasRole(null));
    }
}
