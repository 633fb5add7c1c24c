package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ballast.spi.routing.PullContext;
import io.ballast.spi.routing.RoutingPolicy;
import io.ballast.testkit.RoutingPolicyContract;
import org.junit.jupiter.api.Test;

/**
 * Every test of the testkit's RoutingPolicyContract runs against the plugin (the broker relies on
 * them), plus what is particular to this plugin.
 */
class MasterOnlyRoutingContractTest extends RoutingPolicyContract {

    @Override
    protected RoutingPolicy newPolicy() {
        return new MasterOnlyRouting();
    }

    @Test
    void aConsumerFarBehindStaysOnTheMaster() {
        PullContext coldBacklog = new PullContext(0, 64L << 30, 0);
        assertEquals(0, newPolicy().suggestBrokerId(coldBacklog));
    }

    @Test
    void aConsumerOnASlaveIsSentBackToTheMaster() {
        assertEquals(0, newPolicy().suggestBrokerId(new PullContext(1, 1L << 30, 1L << 29)));
    }
}
