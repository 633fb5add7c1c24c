package ${package};

import io.ballast.spi.routing.PullContext;
import io.ballast.spi.routing.RoutingPolicy;
import org.osgi.service.component.annotations.Component;

/**
 * Keeps every consumer on the master, however far behind it is: for a group whose slaves are
 * reserved for failover, or whose network makes slave reads slower than a cold master read.
 *
 * <p>How the broker uses it: the broker binds the RoutingPolicy service with the highest
 * {@code service.ranking}. The built-in slave-read policy has ranking 0; this one has 10, so
 * deploying the bundle makes the broker switch to it at once, and removing the bundle switches
 * back. {@link #suggestBrokerId} is called on the broker's pull threads, for every pull, many at a
 * time: it must be thread-safe, fast, and must not throw (the testkit's RoutingPolicyContract
 * checks both).
 */
@Component(service = RoutingPolicy.class, property = "service.ranking:Integer=10")
public final class MasterOnlyRouting implements RoutingPolicy {
    /** The broker id of a group's master. */
    static final long MASTER = 0;

    @Override
    public long suggestBrokerId(PullContext pull) {
        return MASTER;
    }
}
