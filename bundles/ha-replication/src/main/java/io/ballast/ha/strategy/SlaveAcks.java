package io.ballast.ha.strategy;

import io.ballast.ha.ReplicaProgress.Replica;
import java.util.List;

/** Reads a snapshot of the slaves' reports: how far k of them got, and how many are in sync. */
final class SlaveAcks {
    private SlaveAcks() {
    }

    /**
     * The highest offset that at least {@code k} slaves acked (the k-th highest ack), or 0 when
     * fewer than {@code k} are connected: nothing is known to be held by that many.
     */
    static long heldByAtLeast(List<Replica> replicas, int k) {
        if (k < 1 || replicas.size() < k) {
            return 0;
        }
        long[] acked = replicas.stream().mapToLong(Replica::ackedOffset).sorted().toArray();
        return acked[acked.length - k];
    }

    /** How many slaves acked within {@code maxGap} bytes below {@code endOffset}. */
    static int inSync(List<Replica> replicas, long endOffset, long maxGap) {
        long floor = endOffset - maxGap;
        int count = 0;
        for (Replica replica : replicas) {
            if (replica.ackedOffset() >= floor) {
                count++;
            }
        }
        return count;
    }
}
