package io.ballast.broker.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TrafficCounterTest {
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final long DAY0_NOON = Instant.parse("2025-01-10T12:00:00Z").toEpochMilli();

    @Test
    void ratesAreTakenOverEachWindowFromTheSamples() {
        TrafficCounter counter = new TrafficCounter(UTC, DAY0_NOON);
        for (int i = 1; i <= 60; i++) { // 10 minutes of samples, 10 s apart
            counter.sample(DAY0_NOON + i * 10_000L, i <= 54 ? i * 100L : 5400 + (i - 54) * 1000L);
        }
        assertEquals(100.0, counter.rate(10_000), 1e-9);
        assertEquals(1000.0 * 6 / 60, counter.rate(60_000), 1e-9);
        assertEquals(11400.0 / 600, counter.rate(600_000), 1e-9);
        assertEquals("100.00 100.00 19.00", counter.rates());
    }

    @Test
    void withOneSampleTheRateIsZero() {
        assertEquals(0.0, new TrafficCounter(UTC, DAY0_NOON).rate(10_000));
    }

    @Test
    void theFirstSampleOfADayFixesItsMorningTotalAndShiftsYesterdays() {
        TrafficCounter counter = new TrafficCounter(UTC, DAY0_NOON);
        counter.sample(DAY0_NOON + 3_600_000, 500);
        assertEquals(0, counter.todayMorning());
        counter.sample(DAY0_NOON + 13 * 3_600_000L, 800); // 01:00 next day
        assertEquals(500, counter.todayMorning());
        assertEquals(0, counter.yesterdayMorning());
        counter.sample(DAY0_NOON + 37 * 3_600_000L, 2000); // the day after
        assertEquals(800, counter.todayMorning());
        assertEquals(500, counter.yesterdayMorning());
    }

    @Test
    void daysWithoutSamplesCountAsEmpty() {
        TrafficCounter counter = new TrafficCounter(UTC, DAY0_NOON);
        counter.sample(DAY0_NOON + 1000, 700);
        counter.sample(DAY0_NOON + 5 * 86_400_000L, 900);
        assertEquals(700, counter.todayMorning());
        assertEquals(700, counter.yesterdayMorning());
    }
}
