package io.ballast.routing.slavepreferred;

import io.ballast.spi.routing.PullContext;
import io.ballast.spi.routing.RoutingPolicy;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RoutingPolicy} that moves every consumer of a master/slave group to a slave, whatever
 * its backlog: the master suggests the configured slave on every pull it serves, and a slave keeps
 * the consumers it serves. It is the operator's way of taking consumption off a master (before
 * maintenance, or to keep consumers' reads out of the master's page cache) without touching a
 * client. Shipped off in {@code plugins/}: copying it into {@code deploy/} makes it outrank the
 * built-in slave read (ranking 0), deleting it brings slave read back.
 *
 * <p>The slave it names is RocketMQ's {@code whichBrokerWhenConsumeSlowly} from the broker's own
 * configuration ({@code etc/io.ballast.broker.cfg}), so one key chooses the slave for both policies.
 * Producers are untouched: sends and offset commits still go to the master.
 */
@Component(configurationPid = SlavePreferredRouting.BROKER_PID, property = "service.ranking:Integer=20")
public final class SlavePreferredRouting implements RoutingPolicy {
    static final String BROKER_PID = "io.ballast.broker";
    static final long MASTER_ID = 0;
    private static final long DEFAULT_SLAVE_ID = 1;
    private static final Logger LOG = LoggerFactory.getLogger(SlavePreferredRouting.class);

    /** The one key of the broker's configuration this policy reads; the broker owns the rest. */
    public @interface Config {
        /** The slave id the master sends consumers to. */
        long whichBrokerWhenConsumeSlowly() default DEFAULT_SLAVE_ID;
    }

    private volatile long slaveId = -1;

    @Activate
    public SlavePreferredRouting(Config config) {
        apply(config);
    }

    /**
     * Every edit of the broker's configuration reaches here, most of them about other keys. Taking
     * the new value in place keeps this instance bound: without it DS would re-create the
     * component, and the broker would answer pulls for a moment with no routing policy at all.
     */
    @Modified
    void apply(Config config) {
        long configured = config.whichBrokerWhenConsumeSlowly();
        // A negative id would break the SPI's promise; RocketMQ's default is the first slave.
        long next = configured < 0 ? DEFAULT_SLAVE_ID : configured;
        if (configured < 0) {
            LOG.warn("whichBrokerWhenConsumeSlowly = {} is not a broker id; sending consumers to slave {}", configured, next);
        }
        if (next != slaveId) {
            slaveId = next;
            LOG.info("Slave preferred: the master sends every consumer to broker {}; a slave keeps the consumers it serves", next);
        }
    }

    @Override
    public long suggestBrokerId(PullContext pull) {
        return pull.brokerId() == MASTER_ID ? slaveId : pull.brokerId();
    }
}
