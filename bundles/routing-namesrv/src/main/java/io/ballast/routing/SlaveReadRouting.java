package io.ballast.routing;

import io.ballast.spi.routing.PullContext;
import io.ballast.spi.routing.RoutingPolicy;
import java.lang.management.ManagementFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
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

    private final SlaveReadDecision decision;

    @Activate
    public SlaveReadRouting(Config config) {
        long memory = config.physicalMemoryBytes() > 0 ? config.physicalMemoryBytes() : machineMemory();
        this.decision = SlaveReadDecision.of(config.slaveReadEnable(), memory, config.accessMessageInMemoryMaxRatio(),
                config.accessMessageInMemoryBackRatio(), config.whichBrokerWhenConsumeSlowly());
        LOG.info("Slave read {}: to slave above {} bytes of backlog, back to master below {}",
                config.slaveReadEnable() ? "enabled" : "disabled", decision.toSlaveAboveBytes(), decision.backToMasterBelowBytes());
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
