package io.ballast.routing.slavepreferred;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ballast.spi.routing.PullContext;
import java.lang.annotation.Annotation;
import org.junit.jupiter.api.Test;

class SlavePreferredRoutingTest {
    private static final long GIB = 1L << 30;

    static SlavePreferredRouting.Config slave(long id) {
        return new SlavePreferredRouting.Config() {
            @Override public long whichBrokerWhenConsumeSlowly() { return id; }
            @Override public Class<? extends Annotation> annotationType() { return SlavePreferredRouting.Config.class; }
        };
    }

    @Test
    void theMasterSendsAConsumerToTheSlaveWhateverItsBacklog() {
        SlavePreferredRouting routing = new SlavePreferredRouting(slave(1));
        assertEquals(1, routing.suggestBrokerId(new PullContext(0, 4096, 4096)), "caught up");
        assertEquals(1, routing.suggestBrokerId(new PullContext(0, 4096, 0)), "a little behind");
        assertEquals(1, routing.suggestBrokerId(new PullContext(0, 100 * GIB, 0)), "far behind");
        assertEquals(1, routing.suggestBrokerId(new PullContext(0, 0, 0)), "an empty store");
    }

    @Test
    void aSlaveKeepsTheConsumersItServesWhateverTheirBacklog() {
        SlavePreferredRouting routing = new SlavePreferredRouting(slave(1));
        assertEquals(1, routing.suggestBrokerId(new PullContext(1, 4096, 4096)));
        assertEquals(1, routing.suggestBrokerId(new PullContext(1, 100 * GIB, 0)));
        assertEquals(2, routing.suggestBrokerId(new PullContext(2, 4096, 4096)), "a second slave keeps its own consumers");
    }

    @Test
    void theMasterNamesTheConfiguredSlave() {
        assertEquals(2, new SlavePreferredRouting(slave(2)).suggestBrokerId(new PullContext(0, 4096, 0)));
    }

    @Test
    void aNegativeSlaveIdIsNeverSuggestedTheFirstSlaveIsInstead() {
        assertEquals(1, new SlavePreferredRouting(slave(-3)).suggestBrokerId(new PullContext(0, 4096, 0)));
    }

    @Test
    void aConfigurationEditTakesEffectOnTheSameInstance() {
        SlavePreferredRouting routing = new SlavePreferredRouting(slave(1));
        routing.apply(slave(3));
        assertEquals(3, routing.suggestBrokerId(new PullContext(0, 4096, 0)));
        routing.apply(slave(1));
        assertEquals(1, routing.suggestBrokerId(new PullContext(0, 4096, 0)));
    }
}
