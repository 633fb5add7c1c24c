package io.ballast.routing.slavepreferred;

import io.ballast.spi.routing.RoutingPolicy;
import io.ballast.testkit.RoutingPolicyContract;

/** The slave-preferred policy, with the default slave id 1, against the testkit's routing contract. */
class SlavePreferredRoutingContractTest extends RoutingPolicyContract {

    @Override
    protected RoutingPolicy newPolicy() {
        return new SlavePreferredRouting(SlavePreferredRoutingTest.slave(1));
    }
}
