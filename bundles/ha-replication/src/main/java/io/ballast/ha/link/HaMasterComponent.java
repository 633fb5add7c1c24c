package io.ballast.ha.link;

import io.ballast.ha.ReplicaProgress;
import io.ballast.spi.store.ReplicatedLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's link on a broker JVM whose {@code brokerRole} is not SLAVE: listens for slaves on
 * {@code brokerIP1:haListenPort} and registers its {@link ReplicaProgress} for the replication
 * strategies. On a slave, or a JVM without the broker role, it stays idle and registers nothing.
 * A broker config edit that changes none of the link's settings leaves the slaves connected; any
 * other edit restarts the link and the slaves reconnect.
 */
@Component(configurationPid = HaLinkConfig.BROKER_PID, service = {})
public final class HaMasterComponent {
    private static final Logger LOG = LoggerFactory.getLogger(HaMasterComponent.class);

    private final BundleContext context;
    private final ReplicatedLog log;
    private final boolean brokerJvm;
    private Running running;

    private record Running(LinkSettings settings, InetSocketAddress bind, MasterLink link,
                           ServiceRegistration<ReplicaProgress> registration) {
    }

    @Activate
    public HaMasterComponent(BundleContext context, @Reference ReplicatedLog log, HaLinkConfig config) throws IOException {
        this.context = context;
        this.log = log;
        this.brokerJvm = HaRole.isBrokerJvm(context.getProperty(HaRole.ROLES_PROPERTY));
        apply(config);
    }

    @Modified
    synchronized void apply(HaLinkConfig config) throws IOException {
        boolean wanted = brokerJvm && !HaRole.isSlave(config);
        LinkSettings settings = wanted ? HaRole.settings(config) : null;
        InetSocketAddress bind = wanted ? HaRole.listenAddress(config) : null;
        if (running != null && running.settings().equals(settings) && running.bind().equals(bind)) {
            return;
        }
        stop();
        if (!wanted) {
            LOG.debug("HA master link idle: broker JVM {}, brokerRole {}", brokerJvm, config.brokerRole());
            return;
        }
        if (config.haAuthSecret().isEmpty()) {
            // On loopback only this machine can connect (the default run): worth knowing, not a warning.
            boolean loopback = bind.getAddress() != null && bind.getAddress().isLoopbackAddress();
            String message = "haAuthSecret is empty: any peer naming cluster '{}' and broker '{}' is admitted as a slave;"
                    + " set a secret on every broker of the group";
            if (loopback) {
                LOG.info(message, config.brokerClusterName(), config.brokerName());
            } else {
                LOG.warn(message, config.brokerClusterName(), config.brokerName());
            }
        }
        MasterLink link = new MasterLink(log, settings);
        try {
            link.start(bind);
        } catch (IOException | RuntimeException e) {
            link.close();
            throw e;
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("ballast.ha.address", bind.getHostString() + ":" + bind.getPort());
        running = new Running(settings, bind, link, context.registerService(ReplicaProgress.class, link, properties));
    }

    @Deactivate
    synchronized void stop() {
        if (running != null) {
            running.registration().unregister();
            running.link().close();
            running = null;
        }
    }
}
