package io.ballast.tools.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Latencies in nanoseconds, counted in log-linear buckets (the layout HdrHistogram uses), safe to
 * record from many threads at once. Exact count, sum, min and max; percentiles within 0.4 % of the
 * true value (the middle of a bucket at most 1/128 of its value wide).
 *
 * <pre>
 * value v            bucket index                      width
 * 0 .. 255           v                                 1
 * 2^k .. 2^(k+1)-1   s*128 + (v >>> s), s = k - 7      2^s    (k = 8 .. 40; 128 buckets per k)
 * &gt;= 2^41 ns (36 min): the last bucket; max stays exact
 * </pre>
 *
 * Written for this tool instead of adding HdrHistogram: 60 lines cover what bench reports.
 */
final class LatencyHistogram {
    private static final int SUB_BITS = 8;
    private static final int HALF = 1 << (SUB_BITS - 1);
    private static final int HIGHEST_BIT = 40;
    private static final int BUCKETS = index((1L << (HIGHEST_BIT + 1)) - 1) + 1;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final LongAdder count = new LongAdder();
    private final LongAdder sum = new LongAdder();
    private final AtomicLong min = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong max = new AtomicLong(Long.MIN_VALUE);

    void record(long nanos) {
        long v = Math.max(0, nanos);
        counts.incrementAndGet(Math.min(index(v), BUCKETS - 1));
        count.increment();
        sum.add(v);
        min.accumulateAndGet(v, Math::min);
        max.accumulateAndGet(v, Math::max);
    }

    long count() {
        return count.sum();
    }

    long max() {
        return count() == 0 ? 0 : max.get();
    }

    double mean() {
        long n = count();
        return n == 0 ? 0 : (double) sum.sum() / n;
    }

    /**
     * The value at or below which a fraction {@code p} (0 &lt; p &lt;= 1) of the recorded values
     * lie: the middle of the bucket holding the sample of rank ceil(p * count), kept within the
     * exact min and max. 0 when nothing was recorded.
     */
    long percentile(double p) {
        long n = count();
        if (n == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(p * n));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                int shift = Math.max(0, i / HALF - 1);
                long low = lowestValue(i);
                long middle = low + ((1L << shift) - 1) / 2;
                return Math.max(min.get(), Math.min(max.get(), middle));
            }
        }
        return max();
    }

    static int index(long v) {
        int shift = Math.max(0, 63 - Long.numberOfLeadingZeros(v) - (SUB_BITS - 1));
        return shift * HALF + (int) (v >>> shift);
    }

    static long lowestValue(int index) {
        int shift = Math.max(0, index / HALF - 1);
        long sub = index - (long) shift * HALF;
        return sub << shift;
    }
}
