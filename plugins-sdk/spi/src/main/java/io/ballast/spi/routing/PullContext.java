package io.ballast.spi.routing;

/**
 * What a routing policy knows about one pull. The offsets are the broker's at the moment of the
 * pull; a policy must cope with any values, including a pull offset above the max (a record
 * written while the pull was read) and zeros on an empty store.
 *
 * @param brokerId            the id of the broker serving the pull (0 = master)
 * @param maxPhysicalOffset   the serving broker's commitlog max offset
 * @param pullPhysicalOffset  commitlog offset of the first message the pull returns
 */
public record PullContext(long brokerId, long maxPhysicalOffset, long pullPhysicalOffset) {

    /** Bytes of commitlog the consumer is behind: what decides whether its data is cold. */
    public long backlogBytes() {
        return Math.max(0, maxPhysicalOffset - pullPhysicalOffset);
    }
}
