package io.ballast.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ballast.spi.routing.PullContext;
import org.junit.jupiter.api.Test;

class SlaveReadDecisionTest {
    private static final long MEMORY = 1_000_000;
    private final SlaveReadDecision enabled = SlaveReadDecision.of(true, MEMORY, 40, 30, 1);

    @Test
    void masterKeepsAConsumerWhoseBacklogIsWarm() {
        assertEquals(0, enabled.suggest(new PullContext(0, 10_000_000, 10_000_000 - 400_000)));
    }

    @Test
    void masterSendsAConsumerPastFortyPercentToTheSlave() {
        assertEquals(1, enabled.suggest(new PullContext(0, 10_000_000, 10_000_000 - 400_001)));
    }

    @Test
    void slaveKeepsAConsumerBetweenThirtyAndFortyPercentSoItDoesNotFlap() {
        assertEquals(1, enabled.suggest(new PullContext(1, 10_000_000, 10_000_000 - 350_000)));
    }

    @Test
    void slaveSendsAConsumerUnderThirtyPercentBackToTheMaster() {
        assertEquals(0, enabled.suggest(new PullContext(1, 10_000_000, 10_000_000 - 299_999)));
    }

    @Test
    void withSlaveReadDisabledEveryConsumerIsSentToTheMaster() {
        SlaveReadDecision disabled = SlaveReadDecision.of(false, MEMORY, 40, 30, 1);
        assertEquals(0, disabled.suggest(new PullContext(0, 10_000_000, 0)));
        assertEquals(0, disabled.suggest(new PullContext(1, 10_000_000, 0)));
    }

    @Test
    void aPullAheadOfTheMaxOffsetCountsAsNoBacklog() {
        assertEquals(0, enabled.suggest(new PullContext(0, 100, 5_000)));
    }
}
