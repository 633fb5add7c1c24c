package io.ballast.routing;

import io.ballast.spi.routing.RoutingPolicy;
import io.ballast.testkit.RoutingPolicyContract;
import java.lang.annotation.Annotation;

/**
 * The default routing against the testkit's routing contract, with slave read on and 1 MiB of
 * "memory", so the suite's offsets cross both thresholds.
 */
class SlaveReadRoutingContractTest extends RoutingPolicyContract {

    @Override
    protected RoutingPolicy newPolicy() {
        return new SlaveReadRouting(new SlaveReadRouting.Config() {
            @Override public boolean slaveReadEnable() { return true; }
            @Override public long accessMessageInMemoryMaxRatio() { return 40; }
            @Override public long accessMessageInMemoryBackRatio() { return 30; }
            @Override public long whichBrokerWhenConsumeSlowly() { return 1; }
            @Override public long physicalMemoryBytes() { return 1L << 20; }
            @Override public Class<? extends Annotation> annotationType() { return SlaveReadRouting.Config.class; }
        });
    }
}
