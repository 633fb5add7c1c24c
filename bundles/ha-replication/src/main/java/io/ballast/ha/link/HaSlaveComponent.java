package io.ballast.ha.link;

import io.ballast.spi.store.ReplicatedLog;
import java.net.InetSocketAddress;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slave's link on a broker JVM whose {@code brokerRole} is SLAVE: replicates from
 * {@code haMasterAddress} into the store's {@link ReplicatedLog}, reconnecting for as long as it
 * is active. Idle on a master or a JVM without the broker role. (Learning the master's HA
 * address from the name server registration comes with the broker's slave wiring.)
 */
@Component(configurationPid = HaLinkConfig.BROKER_PID, service = {})
public final class HaSlaveComponent {
    private static final Logger LOG = LoggerFactory.getLogger(HaSlaveComponent.class);

    private final ReplicatedLog log;
    private final boolean brokerJvm;
    private Running running;

    private record Running(LinkSettings settings, long brokerId, InetSocketAddress master, SlaveLink link) {
    }

    @Activate
    public HaSlaveComponent(BundleContext context, @Reference ReplicatedLog log, HaLinkConfig config) {
        this.log = log;
        this.brokerJvm = HaRole.isBrokerJvm(context.getProperty(HaRole.ROLES_PROPERTY));
        apply(config);
    }

    @Modified
    synchronized void apply(HaLinkConfig config) {
        boolean wanted = brokerJvm && HaRole.isSlave(config);
        if (wanted && config.haMasterAddress().isBlank()) {
            LOG.warn("brokerRole is SLAVE but haMasterAddress is not set: not replicating");
            wanted = false;
        }
        LinkSettings settings = wanted ? HaRole.settings(config) : null;
        InetSocketAddress master = wanted ? HaRole.masterAddress(config.haMasterAddress()) : null;
        if (running != null && running.settings().equals(settings) && running.brokerId() == config.brokerId()
                && running.master().equals(master)) {
            return;
        }
        stop();
        if (!wanted) {
            return;
        }
        SlaveLink link = new SlaveLink(log, settings, config.brokerId(), master);
        link.start();
        running = new Running(settings, config.brokerId(), master, link);
        LOG.info("HA slave link (broker id {}) replicating from {}", config.brokerId(), master);
    }

    @Deactivate
    synchronized void stop() {
        if (running != null) {
            running.link().close();
            running = null;
        }
    }
}
