package io.ballast.ha.strategy;

import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Ties {@link ReplicationRoleSwitch} to this bundle's components and to the broker's
 * configuration. {@link Modified} keeps it (and the strategy) running across edits of other keys;
 * an edit of {@code brokerRole} or {@code inSyncReplicas} swaps the strategy on the running broker.
 */
@Component(configurationPid = ReplicationConfig.BROKER_PID)
@Designate(ocd = ReplicationConfig.class)
public final class ReplicationSelection {
    private final ReplicationRoleSwitch roleSwitch;

    private final boolean brokerJvm;

    @Activate
    public ReplicationSelection(ComponentContext context, ReplicationConfig config) {
        roleSwitch = new ReplicationRoleSwitch(AsyncReplication.class.getName(), SyncReplication.class.getName(),
                QuorumReplication.class.getName(), context::enableComponent, context::disableComponent);
        // A JVM without the broker role (a name server alone) has no replication link, so no
        // strategy may be enabled there: it would wait forever for the link's progress service.
        brokerJvm = isBrokerJvm(context.getBundleContext().getProperty("ballast.roles"));
        modified(config);
    }

    static boolean isBrokerJvm(String roles) {
        return roles != null && java.util.Arrays.stream(roles.split(",")).map(String::trim).anyMatch("broker"::equals);
    }

    @Modified
    void modified(ReplicationConfig config) {
        if (brokerJvm) {
            roleSwitch.apply(config.brokerRole(), config.inSyncReplicas());
        }
    }
}
