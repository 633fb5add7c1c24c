package io.ballast.ha;

import java.util.List;

/**
 * What the master knows about its slaves: for each authenticated, connected slave, the commitlog
 * offset it reported holding. The replication link (package {@code io.ballast.ha.link}) keeps it;
 * the replication strategies (package {@code io.ballast.ha.strategy}) wait on it. Thread-safe.
 */
public interface ReplicaProgress {

    /**
     * One slave as the master last heard from it.
     *
     * @param brokerId     the slave's broker id (1, 2, …)
     * @param address      where it connected from, for logs
     * @param ackedOffset  it holds every byte below this offset
     * @param lastAckNanos {@link System#nanoTime()} of its last report
     */
    record Replica(long brokerId, String address, long ackedOffset, long lastAckNanos) {
    }

    /** The slaves connected and authenticated now. */
    List<Replica> replicas();

    /** Called (on the link's thread; must not block) after every report of every slave, and when one leaves. */
    void onChange(Runnable listener);

    void removeListener(Runnable listener);
}
