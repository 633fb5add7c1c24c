package io.ballast.remoting.protocol;

/**
 * Upstream's version stamp of a table (topic configs, offsets): a peer compares it to tell whether
 * what it holds is stale.
 */
public record DataVersion(long timestamp, long counter, long stateVersion) {

    public static DataVersion first() {
        return new DataVersion(System.currentTimeMillis(), 0, 0);
    }

    public DataVersion next() {
        return new DataVersion(System.currentTimeMillis(), counter + 1, stateVersion);
    }
}
