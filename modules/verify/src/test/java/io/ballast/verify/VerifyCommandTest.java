package io.ballast.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.tools.ToolCommand;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class VerifyCommandTest {
    @Test
    void theToolsLauncherFindsVerifyThroughServiceLoader() {
        assertTrue(ServiceLoader.load(ToolCommand.class).stream().anyMatch(p -> p.get().name().equals("verify")));
    }

    @Test
    void badUsageExitsTwoWithoutStartingAnything() throws Exception {
        assertEquals(2, new VerifyCommand().run(new String[] {"--flush", "NEVER"}));
        assertEquals(2, new VerifyCommand().run(new String[] {"--scenarios", "no-such"}));
    }
}
