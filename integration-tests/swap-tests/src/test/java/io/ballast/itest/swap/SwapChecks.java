package io.ballast.itest.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/** The promise every swap test checks once its load has finished. */
final class SwapChecks {
    private SwapChecks() {
    }

    /** Load ran, every acknowledged message was consumed, and no send got a non-retriable answer. */
    static void nothingLost(SwapLoad.Result result, SwapBroker broker) {
        nothingLost(result, broker.logTail(60));
    }

    /** As above, with the log tail of whichever broker the test swapped on, for the failure message. */
    static void nothingLost(SwapLoad.Result result, String logTail) {
        assertTrue(result.acknowledged() > 0, "load ran: " + result);
        assertEquals(List.of(), result.nonRetriableErrors(), "no non-retriable client error: " + result);
        assertEquals(0, result.lost(), "every acknowledged message consumed: " + result + "\nlog ends with:\n" + logTail);
    }
}
