package io.ballast.routing;

import io.ballast.spi.routing.PullContext;
import io.ballast.spi.routing.RoutingPolicy;
import java.lang.management.ManagementFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link RoutingPolicy}, configured with RocketMQ's broker.conf key names from the
 * broker's configuration ({@code etc/io.ballast.broker.cfg}).
 */
@Component(configurationPid = "io.ballast.broker", property = "service.ranking:Integer=0")
@Designate(ocd = SlaveReadRouting.Config.class)
public final class SlaveReadRouting implements RoutingPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(SlaveReadRouting.class);

    @ObjectClassDefinition(name = "Ballast slave read", description = "When consumers are pointed at a slave")
    public @interface Config {
        @AttributeDefinition(description = "Let consumers read from a slave when their backlog is cold")
        boolean slaveReadEnable() default false;

        @AttributeDefinition(description = "Backlog, in % of physical memory, above which the master suggests a slave")
        long accessMessageInMemoryMaxRatio() default 40;

        @AttributeDefinition(description = "Backlog, in % of physical memory, below which a slave sends the consumer back")
        long accessMessageInMemoryBackRatio() default 30;

        @AttributeDefinition(description = "The slave id the master suggests")
        long whichBrokerWhenConsumeSlowly() default 1;

        @AttributeDefinition(description = "Physical memory in bytes the ratios apply to; 0 = this machine's")
        long physicalMemoryBytes() default 0;
    }

    private volatile SlaveReadDecision decision;

    @Activate
    public SlaveReadRouting(Config config) {
        apply(config);
    }

    /**
     * Every edit of the broker's configuration reaches here, most of them about other keys. Taking
     * the new values in place keeps this instance bound: without it DS would re-create the
     * component, and the broker would pull for a moment with no routing policy at all.
     */
    @Modified
    void apply(Config config) {
        long memory = config.physicalMemoryBytes() > 0 ? config.physicalMemoryBytes() : machineMemory();
        SlaveReadDecision next = SlaveReadDecision.of(config.slaveReadEnable(), memory, config.accessMessageInMemoryMaxRatio(),
                config.accessMessageInMemoryBackRatio(), config.whichBrokerWhenConsumeSlowly());
        if (next.equals(decision)) {
            return;
        }
        decision = next;
        LOG.info("Slave read {}: to slave above {} bytes of backlog, back to master below {}",
                config.slaveReadEnable() ? "enabled" : "disabled", next.toSlaveAboveBytes(), next.backToMasterBelowBytes());
    }

    @Override
    public long suggestBrokerId(PullContext pull) {
        return decision.suggest(pull);
    }

    private static long machineMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory(); // a JVM without the extension: the heap is the best bound known
    }
}
