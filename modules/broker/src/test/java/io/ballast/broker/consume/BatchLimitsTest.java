package io.ballast.broker.consume;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BatchLimitsTest {
    // client: 10 messages, 1000 bytes; hot: 4 messages / 600 bytes; cold: 2 messages / 300 bytes
    final BatchLimits limits = new BatchLimits(10, 1000, 4, 600, 2, 300);

    @Test
    void theFirstMessageIsAlwaysTaken() {
        assertTrue(limits.admits(0, 0, 5_000_000, false));
    }

    @Test
    void hotDataStopsAtTheInMemoryLimits() {
        assertTrue(limits.admits(3, 300, 100, true));
        assertFalse(limits.admits(4, 300, 100, true), "count");
        assertFalse(limits.admits(1, 550, 100, true), "bytes");
    }

    @Test
    void coldDataStopsAtTheOnDiskLimits() {
        assertTrue(limits.admits(1, 100, 100, false));
        assertFalse(limits.admits(2, 100, 100, false), "count");
        assertFalse(limits.admits(1, 250, 100, false), "bytes");
    }

    @Test
    void theClientsOwnLimitsAndTheBodyCapApply() {
        BatchLimits generous = new BatchLimits(2, 150, 100, Long.MAX_VALUE, 100, Long.MAX_VALUE);
        assertFalse(generous.admits(2, 10, 10, true), "maxMsgNums");
        assertFalse(generous.admits(1, 100, 60, true), "maxMsgBytes");
        BatchLimits unlimited = new BatchLimits(1000, Long.MAX_VALUE, 1000, Long.MAX_VALUE, 1000, Long.MAX_VALUE);
        assertFalse(unlimited.admits(1, BatchLimits.MAX_BODY_BYTES, 1, true), "never past the body cap");
    }
}
