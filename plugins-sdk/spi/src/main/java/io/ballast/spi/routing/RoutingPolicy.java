package io.ballast.spi.routing;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Picks the broker of a master/slave group that a consumer should pull from next; the broker puts
 * the answer into the pull response ({@code suggestWhichBrokerId}).
 */
@ConsumerType
public interface RoutingPolicy {

    /** The broker id (0 = master) the consumer should use for its next pull of this queue. */
    long suggestBrokerId(PullContext pull);
}
