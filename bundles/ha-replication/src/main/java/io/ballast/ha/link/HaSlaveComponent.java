package io.ballast.ha.link;

import io.ballast.spi.replication.MasterLocation;
import io.ballast.spi.store.ReplicatedLog;
import java.net.InetSocketAddress;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slave's link on a broker JVM whose {@code brokerRole} is SLAVE: replicates into the store's
 * {@link ReplicatedLog}, reconnecting for as long as it is active. It replicates from
 * {@code haMasterAddress} when that is set, else from the {@link MasterLocation} the broker
 * learned from the name servers, and moves to a new location when the broker replaces it (a
 * master restarted on other ports, a new master). Idle on a master, on a JVM without the broker
 * role, and on a slave that knows no master yet.
 */
@Component(configurationPid = HaLinkConfig.BROKER_PID, service = {})
public final class HaSlaveComponent {
    private static final Logger LOG = LoggerFactory.getLogger(HaSlaveComponent.class);

    private final ReplicatedLog log;
    private final boolean brokerJvm;
    private HaLinkConfig config;
    private MasterLocation learned;
    private Running running;
    private boolean waitingLogged;

    private record Running(LinkSettings settings, long brokerId, InetSocketAddress master, SlaveLink link) {
    }

    @Activate
    public HaSlaveComponent(BundleContext context, @Reference ReplicatedLog log, HaLinkConfig config) {
        this.log = log;
        this.brokerJvm = HaRole.isBrokerJvm(context.getProperty(HaRole.ROLES_PROPERTY));
        apply(config);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindMasterLocation(MasterLocation location) {
        learned = location;
        if (config != null) {
            apply(config);
        }
    }

    synchronized void unbindMasterLocation(MasterLocation location) {
        if (learned != location) {
            return; // a replacement was bound first
        }
        learned = null;
        if (config != null) {
            apply(config);
        }
    }

    @Modified
    synchronized void apply(HaLinkConfig config) {
        this.config = config;
        boolean wanted = brokerJvm && HaRole.isSlave(config);
        InetSocketAddress master = wanted ? master(config) : null;
        wanted = master != null;
        LinkSettings settings = wanted ? HaRole.settings(config) : null;
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
        waitingLogged = false;
        LOG.info("HA slave link (broker id {}) replicating from {} ({})", config.brokerId(), master,
                config.haMasterAddress().isBlank() ? "reported by the name servers" : "haMasterAddress");
    }

    /** haMasterAddress if set, else the learned location's HA address; null while neither is known. */
    private InetSocketAddress master(HaLinkConfig config) {
        if (!config.haMasterAddress().isBlank()) {
            return HaRole.masterAddress(config.haMasterAddress());
        }
        if (learned == null) {
            if (!waitingLogged) {
                LOG.info("brokerRole is SLAVE and haMasterAddress is not set: replicating once a name server reports the master");
                waitingLogged = true;
            }
            return null;
        }
        try {
            return HaRole.masterAddress(learned.haAddress());
        } catch (IllegalArgumentException e) {
            LOG.warn("The master's HA address reported by the name servers is unusable ({}); not replicating", e.getMessage());
            return null;
        }
    }

    @Deactivate
    synchronized void stop() {
        if (running != null) {
            running.link().close();
            running = null;
        }
    }
}
