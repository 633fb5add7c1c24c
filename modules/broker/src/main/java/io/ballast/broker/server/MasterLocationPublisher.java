package io.ballast.broker.server;

import io.ballast.spi.replication.MasterLocation;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Offers the master location the name servers reported as a {@link MasterLocation} service, for
 * the replication link in another bundle. One registration at a time: a new location is
 * registered before the old one goes, so a dynamic reference moves from one to the other without
 * a moment with none. Thread-safe.
 */
final class MasterLocationPublisher implements AutoCloseable {
    private final BundleContext context;
    private ServiceRegistration<MasterLocation> current;
    private MasterLocation published;
    private boolean closed;

    MasterLocationPublisher(BundleContext context) {
        this.context = context;
    }

    synchronized void publish(MasterLocation location) {
        if (closed || location.equals(published)) {
            return;
        }
        ServiceRegistration<MasterLocation> previous = current;
        current = context.registerService(MasterLocation.class, location, null);
        published = location;
        unregister(previous);
    }

    @Override
    public synchronized void close() {
        closed = true;
        unregister(current);
        current = null;
    }

    private static void unregister(ServiceRegistration<MasterLocation> registration) {
        if (registration == null) {
            return;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and the framework unregistered it first
        }
    }
}
