package io.ballast.flush.disktype;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one flush policy component on while {@code flushDiskType} names the type it serves, and
 * off otherwise. Each flush bundle holds one, for its own policy: a bundle can only enable its
 * own components, and with both bundles installed exactly one policy ends up registered.
 *
 * <p>An unknown value counts as ASYNC_FLUSH, RocketMQ's default: a typo must not leave the
 * broker without a flush policy, and it is logged at ERROR so the operator sees it.
 * Turning a policy off deactivates it, and a deactivated policy forces and completes every
 * waiter it holds, so a switch never strands a send.
 *
 * <p>Not thread-safe; DS calls activate and modified one at a time for a component.
 */
public final class FlushDiskTypeSwitch {
    private static final Logger LOG = LoggerFactory.getLogger(FlushDiskTypeSwitch.class);
    private static final FlushDiskType DEFAULT = FlushDiskType.ASYNC_FLUSH;

    private final FlushDiskType served;
    private final String policyComponent;
    private final Consumer<String> enable;
    private final Consumer<String> disable;
    private String appliedValue; // null until the first apply

    /**
     * @param served           the type whose policy this switch controls
     * @param policyComponent  that policy's component name
     * @param enable           {@code ComponentContext::enableComponent} of the policy's bundle
     * @param disable          {@code ComponentContext::disableComponent} of the policy's bundle
     */
    public FlushDiskTypeSwitch(FlushDiskType served, String policyComponent, Consumer<String> enable,
                               Consumer<String> disable) {
        this.served = served;
        this.policyComponent = policyComponent;
        this.enable = enable;
        this.disable = disable;
    }

    /**
     * Enables or disables the policy for the configured value. Repeating the value in force does
     * nothing, so an edit of an unrelated broker key neither toggles the policy nor logs again.
     */
    public void apply(String flushDiskType) {
        if (appliedValue != null && appliedValue.equals(flushDiskType)) {
            return;
        }
        appliedValue = flushDiskType;
        FlushDiskType wanted = FlushDiskType.parse(flushDiskType).orElseGet(() -> {
            LOG.error("flushDiskType = '{}' in {}.cfg is not one of ASYNC_FLUSH, SYNC_FLUSH; using {} (safe default) for {}",
                    flushDiskType, FlushDiskTypeConfig.BROKER_PID, DEFAULT, policyComponent);
            return DEFAULT;
        });
        if (wanted == served) {
            LOG.info("flushDiskType {}: enabling {}", wanted, policyComponent);
            enable.accept(policyComponent);
        } else {
            LOG.info("flushDiskType {}: disabling {}", wanted, policyComponent);
            disable.accept(policyComponent);
        }
    }
}
