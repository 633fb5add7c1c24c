package io.ballast.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StartLevelsTest {

    @Test
    void weavingStartsBeforeLoggingWhichStartsBeforeEverythingThatLogs() {
        assertEquals(StartLevels.WEAVING, StartLevels.of("org.apache.aries.spifly.dynamic.bundle"));
        assertEquals(StartLevels.WEAVING, StartLevels.of("org.objectweb.asm.commons"));
        assertEquals(StartLevels.LOGGING, StartLevels.of("slf4j.api"));
        assertEquals(StartLevels.LOGGING, StartLevels.of("ch.qos.logback.classic"));
        assertEquals(StartLevels.PLATFORM, StartLevels.of("org.apache.felix.scr"));
        assertEquals(StartLevels.PLATFORM, StartLevels.of("io.ballast.broker"));
        // Netty logs through slf4j, so the protocol's bundles start with the platform, after logging.
        assertEquals(StartLevels.PLATFORM, StartLevels.of("io.netty.handler"));
        assertEquals(StartLevels.PLATFORM, StartLevels.of("com.fasterxml.jackson.core.jackson-databind"));
        assertEquals(StartLevels.PLATFORM, StartLevels.of("io.ballast.remoting"));
        assertTrue(StartLevels.WEAVING < StartLevels.LOGGING && StartLevels.LOGGING < StartLevels.PLATFORM
                && StartLevels.PLATFORM < StartLevels.DEPLOY);
    }
}
