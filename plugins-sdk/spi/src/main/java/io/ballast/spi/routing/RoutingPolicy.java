package io.ballast.spi.routing;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Picks the broker of a master/slave group that a consumer should pull from next; the broker puts
 * the answer into the pull response ({@code suggestWhichBrokerId}) and the official clients pull
 * from that broker next (one whose address their route lacks is replaced by another broker of the group).
 *
 * <p><b>Binding.</b> A DS component with {@code service = RoutingPolicy.class}; the broker uses the
 * one with the highest {@code service.ranking} (the built-in slave-read policy has 0) and switches
 * without a restart when a better one is deployed or the current one is removed. With none bound
 * the broker suggests the master. A routing policy holds no requests, so a swap has nothing to hand
 * over: the next pull simply asks the new one.
 *
 * <p><b>Threads.</b> Called on the broker's pull threads for every pull answered from the store,
 * many at once, while the response is being built: implementations are thread-safe, fast (no
 * I/O, no locks held for long) and never throw — an exception fails the whole pull. The testkit's
 * {@code RoutingPolicyContract} checks the answers and the never-throwing for odd contexts.
 */
@ConsumerType
public interface RoutingPolicy {

    /**
     * The broker id the consumer should use for its next pull of this queue: 0 (the master), the
     * id of the broker serving this pull ({@link PullContext#brokerId()}) to keep it there, or the
     * id of a slave of the group as configured. Never negative.
     */
    long suggestBrokerId(PullContext pull);
}
