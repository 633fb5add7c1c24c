package io.ballast.ha.strategy;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps exactly the strategy component that {@code brokerRole} and {@code inSyncReplicas} call
 * for enabled: ASYNC_MASTER → async; SYNC_MASTER → sync, or quorum from inSyncReplicas 3 up;
 * SLAVE → none (a slave answers no sends).
 *
 * <p>An unknown role counts as ASYNC_MASTER, RocketMQ's default and the broker core's reading of
 * an unknown value, logged at ERROR so the operator sees it. The arriving strategy is enabled
 * before the leaving one is disabled, so the waits pass from one to the other through the shared
 * table without a moment in which nobody decides them.
 *
 * <p>Not thread-safe; DS calls activate and modified one at a time for a component.
 */
public final class ReplicationRoleSwitch {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicationRoleSwitch.class);
    private static final BrokerRole DEFAULT = BrokerRole.ASYNC_MASTER;
    /** Replicas (master included) from which SYNC_MASTER waits for a quorum rather than one slave. */
    static final int QUORUM_FROM_REPLICAS = 3;

    private final String asyncComponent;
    private final String syncComponent;
    private final String quorumComponent;
    private final Consumer<String> enable;
    private final Consumer<String> disable;
    private Optional<String> applied; // null until the first apply; empty = none enabled

    /**
     * @param enable  {@code ComponentContext::enableComponent} of this bundle
     * @param disable {@code ComponentContext::disableComponent} of this bundle
     */
    public ReplicationRoleSwitch(String asyncComponent, String syncComponent, String quorumComponent,
                                 Consumer<String> enable, Consumer<String> disable) {
        this.asyncComponent = asyncComponent;
        this.syncComponent = syncComponent;
        this.quorumComponent = quorumComponent;
        this.enable = enable;
        this.disable = disable;
    }

    /** Enables the strategy the values call for and disables the others; nothing if it is already the one. */
    public void apply(String brokerRole, int inSyncReplicas) {
        BrokerRole role = BrokerRole.parse(brokerRole).orElseGet(() -> {
            LOG.error("brokerRole = '{}' in {}.cfg is not one of ASYNC_MASTER, SYNC_MASTER, SLAVE; using {} replication",
                    brokerRole, ReplicationConfig.BROKER_PID, DEFAULT);
            return DEFAULT;
        });
        Optional<String> wanted = switch (role) {
            case ASYNC_MASTER -> Optional.of(asyncComponent);
            case SYNC_MASTER -> Optional.of(inSyncReplicas >= QUORUM_FROM_REPLICAS ? quorumComponent : syncComponent);
            case SLAVE -> Optional.empty();
        };
        if (wanted.equals(applied)) {
            return;
        }
        applied = wanted;
        LOG.info("brokerRole {} (inSyncReplicas {}): replication by {}", role, inSyncReplicas, wanted.orElse("none"));
        wanted.ifPresent(enable);
        for (String component : List.of(asyncComponent, syncComponent, quorumComponent)) {
            if (!wanted.equals(Optional.of(component))) {
                disable.accept(component);
            }
        }
    }
}
