package io.ballast.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentilesOfAUniformRangeAreWithinTheBucketError() {
        LatencyHistogram h = new LatencyHistogram();
        for (long v = 1; v <= 100_000; v++) {
            h.record(v * 1_000); // 1 µs .. 100 ms
        }
        assertClose(50_000_000, h.percentile(0.50));
        assertClose(99_000_000, h.percentile(0.99));
        assertClose(99_900_000, h.percentile(0.999));
        assertEquals(100_000_000, h.max());
        assertEquals(100_000, h.count());
        assertEquals(50_000_500.0, h.mean(), 0.001);
    }

    @Test
    void percentilesOfASkewedSampleMatchTheSortedValues() {
        Random random = new Random(42);
        long[] values = new long[200_000];
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < values.length; i++) {
            // log-normal-ish: most sends fast, a long tail
            values[i] = (long) (300_000 * Math.exp(random.nextGaussian() * 1.5));
            h.record(values[i]);
        }
        Arrays.sort(values);
        for (double p : new double[] {0.5, 0.9, 0.99, 0.999}) {
            long exact = values[(int) Math.ceil(p * values.length) - 1];
            assertClose(exact, h.percentile(p));
        }
        assertEquals(values[values.length - 1], h.max());
    }

    @Test
    void smallValuesAreExact() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(3);
        h.record(200);
        assertEquals(3, h.percentile(0.5));
        assertEquals(200, h.percentile(1.0));
    }

    @Test
    void emptyAndHugeValues() {
        LatencyHistogram h = new LatencyHistogram();
        assertEquals(0, h.percentile(0.99));
        assertEquals(0, h.max());
        long hour = 3_600_000_000_000L; // beyond the last bucket: counted there, max stays exact
        h.record(hour);
        assertEquals(hour, h.max());
        assertEquals(hour, h.percentile(0.5));
    }

    @Test
    void bucketsAreContiguousAndEachValueFallsInItsOwn() {
        for (long v : new long[] {0, 1, 255, 256, 257, 511, 512, 1_000_000, 123_456_789, (1L << 41) - 1}) {
            int i = LatencyHistogram.index(v);
            assertTrue(LatencyHistogram.lowestValue(i) <= v, "bucket of " + v + " starts above it");
            assertTrue(LatencyHistogram.lowestValue(i + 1) > v, "bucket after " + v + " starts at or below it");
        }
    }

    private static void assertClose(long expected, long actual) {
        assertTrue(Math.abs(actual - expected) <= expected * 0.004, "expected about " + expected + " (0.4 %), got " + actual);
    }
}
