package io.ballast.store;

import io.ballast.spi.flush.FlushPolicy;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Tells the store how far consumers may read: up to what the bound flush policy has
 * acknowledged, and only forced data while no policy is bound (say, mid-swap).
 *
 * <p>A component of its own so the services form no cycle: the store needs nothing, a flush
 * policy needs the store's journal, and this gate needs both.
 */
@Component(immediate = true, service = {})
public final class VisibilityGate {
    private final StoreComponent store;
    private volatile FlushPolicy policy;

    @Activate
    public VisibilityGate(@Reference StoreComponent store) {
        this.store = store;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindFlushPolicy(FlushPolicy bound) {
        policy = bound;
        store.acknowledgedOffset(bound::acknowledgedOffset);
    }

    void unbindFlushPolicy(FlushPolicy unbound) {
        if (policy == unbound) {
            policy = null;
            store.acknowledgedOffset(null);
        }
    }

    @Deactivate
    void deactivate() {
        store.acknowledgedOffset(null);
    }
}
