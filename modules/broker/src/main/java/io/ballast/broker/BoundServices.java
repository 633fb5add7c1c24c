package io.ballast.broker;

import io.ballast.spi.dedup.DedupFilter;
import io.ballast.spi.flush.FlushPolicy;
import io.ballast.spi.replication.ReplicationStrategy;
import io.ballast.spi.routing.RoutingPolicy;
import io.ballast.spi.store.MessageStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The broker's hold on each SPI service: every registered implementation is offered to its
 * {@link ServiceBinding}, which uses the pinned or best-ranked one, followed live. A higher-ranked
 * implementation that appears (a bundle dropped into deploy/) takes over without this component
 * restarting; when it goes, the next best one is bound again. Request processors read the current
 * implementation per request and never cache it; what must follow a swap subscribes with
 * {@link ServiceBinding#onChange}.
 */
// Immediate: the broker follows its services from start-up, not from the first request.
@Component(service = BoundServices.class, immediate = true)
public final class BoundServices {
    private final ServiceBinding<MessageStore> store = new ServiceBinding<>("store");
    private final ServiceBinding<FlushPolicy> flush = new ServiceBinding<>("flush");
    private final ServiceBinding<ReplicationStrategy> replication = new ServiceBinding<>("replication");
    private final ServiceBinding<DedupFilter> dedup = new ServiceBinding<>("dedup");
    private final ServiceBinding<RoutingPolicy> routing = new ServiceBinding<>("routing");

    /** The bindings with the SPI type each follows, in data-flow order. */
    public record Entry(Class<?> type, ServiceBinding<?> binding) {
    }

    public List<Entry> entries() {
        return List.of(new Entry(MessageStore.class, store), new Entry(FlushPolicy.class, flush),
                new Entry(ReplicationStrategy.class, replication), new Entry(DedupFilter.class, dedup),
                new Entry(RoutingPolicy.class, routing));
    }

    public ServiceBinding<MessageStore> store() { return store; }

    public ServiceBinding<FlushPolicy> flush() { return flush; }

    public ServiceBinding<ReplicationStrategy> replication() { return replication; }

    public ServiceBinding<DedupFilter> dedup() { return dedup; }

    public ServiceBinding<RoutingPolicy> routing() { return routing; }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindStore(MessageStore s, Map<String, ?> properties) { store.bind(s, withVersion(properties)); }

    void unbindStore(MessageStore s) { store.unbind(s); }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindFlush(FlushPolicy f, Map<String, ?> properties) { flush.bind(f, withVersion(properties)); }

    void unbindFlush(FlushPolicy f) { flush.unbind(f); }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindReplication(ReplicationStrategy r, Map<String, ?> properties) { replication.bind(r, withVersion(properties)); }

    void unbindReplication(ReplicationStrategy r) { replication.unbind(r); }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindDedup(DedupFilter d, Map<String, ?> properties) { dedup.bind(d, withVersion(properties)); }

    void unbindDedup(DedupFilter d) { dedup.unbind(d); }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindRouting(RoutingPolicy r, Map<String, ?> properties) { routing.bind(r, withVersion(properties)); }

    void unbindRouting(RoutingPolicy r) { routing.unbind(r); }

    /** The offer's properties with the implementing bundle's version, for the swap lines. */
    private static Map<String, ?> withVersion(Map<String, ?> properties) {
        Bundle broker = FrameworkUtil.getBundle(BoundServices.class);
        Object bundleId = properties.get("service.bundleid"); // set by OSGi R7 frameworks on every registration
        if (broker == null || broker.getBundleContext() == null || !(bundleId instanceof Long id)) {
            return properties; // plain-Java tests
        }
        Bundle implementing = broker.getBundleContext().getBundle(id);
        if (implementing == null) {
            return properties;
        }
        Map<String, Object> with = new HashMap<>(properties);
        with.put(ServiceBinding.BUNDLE_VERSION, implementing.getVersion().toString());
        return with;
    }
}
