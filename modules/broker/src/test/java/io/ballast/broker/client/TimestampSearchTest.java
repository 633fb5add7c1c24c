package io.ballast.broker.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ballast.broker.client.TimestampSearch.Boundary;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

class TimestampSearchTest {
    // offsets 10..15 with store times 100, 200, 200, 200, 300, 400
    static final long[] TIMES = {100, 200, 200, 200, 300, 400};
    static final LongUnaryOperator AT = offset -> TIMES[(int) offset - 10];

    static long search(long timestamp, Boundary boundary) {
        return TimestampSearch.search(10, 16, timestamp, boundary, AT);
    }

    @Test
    void lowerIsTheFirstOffsetAtOrAfterTheTime() {
        assertEquals(11, search(200, Boundary.LOWER));
        assertEquals(11, search(150, Boundary.LOWER));
        assertEquals(10, search(50, Boundary.LOWER));
        assertEquals(16, search(401, Boundary.LOWER), "every message older: the max offset");
    }

    @Test
    void upperIsTheLastOffsetAtOrBeforeTheTime() {
        assertEquals(13, search(200, Boundary.UPPER));
        assertEquals(13, search(250, Boundary.UPPER));
        assertEquals(15, search(999, Boundary.UPPER));
        assertEquals(10, search(50, Boundary.UPPER), "every message newer: the min offset");
    }

    @Test
    void anEmptyQueueAnswersItsMaxOffset() {
        assertEquals(7, TimestampSearch.search(7, 7, 123, Boundary.LOWER, o -> { throw new AssertionError(); }));
    }
}
