package io.ballast.broker.client;

import java.util.function.LongUnaryOperator;

/**
 * Binary search of a queue by store time (SEARCH_OFFSET_BY_TIMESTAMP). Store times grow with the
 * queue offset (they are taken inside the append lock), so for queue offsets {@code [min, max)}:
 *
 * <ul>
 *   <li>LOWER: the first offset whose store time is ≥ the timestamp; {@code max} when every
 *       message is older (the consumer starts after them);</li>
 *   <li>UPPER: the last offset whose store time is ≤ the timestamp; {@code min} when every
 *       message is newer.</li>
 * </ul>
 *
 * Both match upstream's ConsumeQueue search, except that upstream's UPPER answers 0 rather than
 * the min offset when every message is newer. An empty queue answers {@code max}.
 */
final class TimestampSearch {

    enum Boundary { LOWER, UPPER }

    private TimestampSearch() {
    }

    /** @param storeTimeAt the store time of the message at a queue offset */
    static long search(long min, long max, long timestamp, Boundary boundary, LongUnaryOperator storeTimeAt) {
        if (min >= max) {
            return max;
        }
        // First offset whose time is > timestamp (UPPER) or >= timestamp (LOWER).
        long low = min;
        long high = max;
        while (low < high) {
            long mid = (low + high) >>> 1;
            long time = storeTimeAt.applyAsLong(mid);
            boolean after = boundary == Boundary.LOWER ? time >= timestamp : time > timestamp;
            if (after) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return boundary == Boundary.LOWER ? low : Math.max(min, low - 1);
    }
}
