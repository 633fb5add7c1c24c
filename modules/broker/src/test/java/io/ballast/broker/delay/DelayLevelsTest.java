package io.ballast.broker.delay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ballast.broker.config.BrokerKey;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DelayLevelsTest {

    @Test
    void theDefaultLevelsAreUpstreamsEighteen() {
        DelayLevels levels = DelayLevels.parse(BrokerKey.MESSAGE_DELAY_LEVEL.defaultValue());
        assertEquals(18, levels.maxLevel());
        assertEquals(Duration.ofSeconds(1), levels.delay(1));
        assertEquals(Duration.ofSeconds(10), levels.delay(3));
        assertEquals(Duration.ofMinutes(1), levels.delay(5));
        assertEquals(Duration.ofHours(2), levels.delay(18));
    }

    @Test
    void millisecondsAndDaysParseAndALevelAboveTheLastIsTheLast() {
        DelayLevels levels = DelayLevels.parse(" 250ms  2d ");
        assertEquals(Duration.ofMillis(250), levels.delay(1));
        assertEquals(Duration.ofDays(2), levels.delay(2));
        assertEquals(2, levels.clamp(18));
        assertEquals(1, levels.clamp(1));
    }

    @Test
    void anEntryWithoutAKnownUnitIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DelayLevels.parse("1s 5x"));
        assertEquals(true, e.getMessage().contains("5x"));
        assertThrows(IllegalArgumentException.class, () -> DelayLevels.parse("  "));
        assertThrows(IllegalArgumentException.class, () -> DelayLevels.parse("-1s"));
    }
}
