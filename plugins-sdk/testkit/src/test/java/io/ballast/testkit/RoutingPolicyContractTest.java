package io.ballast.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ballast.spi.routing.PullContext;
import io.ballast.spi.routing.RoutingPolicy;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The routing suite passes a correct policy and catches one that names an unknown broker or throws. */
class RoutingPolicyContractTest {

    /** Correct: slave 1 when more than 1 GiB behind, else the master. */
    static final class CorrectSuite extends RoutingPolicyContract {
        @Override
        protected RoutingPolicy newPolicy() {
            return pull -> pull.backlogBytes() > (1L << 30) ? 1 : 0;
        }
    }

    /** Derives a broker id from the backlog: ids nobody configured. */
    static final class ArithmeticSuite extends RoutingPolicyContract {
        @Override
        protected RoutingPolicy newPolicy() {
            return pull -> pull.backlogBytes() >> 30;
        }
    }

    /** Divides by the pull offset, so a pull from offset 0 throws. */
    static final class ThrowingSuite extends RoutingPolicyContract {
        @Override
        protected RoutingPolicy newPolicy() {
            return (PullContext pull) -> pull.maxPhysicalOffset() / pull.pullPhysicalOffset() > 2 ? 1 : 0;
        }
    }

    @Test
    void aCorrectPolicyPassesEveryTest() {
        SuiteRun run = SuiteRun.of(CorrectSuite.class);
        assertEquals(Set.of(), run.failed(), run.toString());
        assertEquals(2, run.passed().size(), run.toString());
    }

    @Test
    void aPolicyThatSuggestsAnUnknownBrokerFails() {
        assertEquals(Set.of("suggestsOnlyReachableBrokersAndNeverThrows", "staysValidWhenCalledFromManyPullThreads"),
                SuiteRun.of(ArithmeticSuite.class).failed());
    }

    @Test
    void aPolicyThatThrowsOnAnOddPullFails() {
        assertEquals(Set.of("suggestsOnlyReachableBrokersAndNeverThrows", "staysValidWhenCalledFromManyPullThreads"),
                SuiteRun.of(ThrowingSuite.class).failed());
    }
}
