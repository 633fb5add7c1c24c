package io.ballast.dedup;

/**
 * The dedup window: for each identity stored within the last {@code windowMillis} (at most
 * {@code maxKeys} of them), where its first copy lies. Memory is allocated once, up front, and
 * never grows: about 48 bytes a key (see DedupWindowBenchmark).
 *
 * <pre>
 * entries: a ring of maxKeys entries in arrival order (the oldest is evicted first), 5 longs each
 *   [0] identity high 64 bits
 *   [1] identity low 64 bits
 *   [2] physical offset of the first copy
 *   [3] queue offset (bits 63..17) | parked flag (bit 16) | queue id (bits 15..0)
 *   [4] store time in seconds, unsigned (bits 63..32) | record size in bytes (bits 31..0)
 * index: int[2^k] >= maxKeys * 3/2, open addressing with linear probing from (low & mask);
 *   each slot holds ring position + 1, 0 = empty; deletion shifts later entries back, so no
 *   tombstones pile up
 * </pre>
 *
 * "Parked" marks a first copy stored under the schedule topic (a delayed message): it is not in
 * its real topic yet, so the copy released into the real topic later takes its place.
 *
 * <p>Not thread-safe: the filter serialises access.
 */
final class KeyWindow {
    private static final int STRIDE = 5;
    private static final long PARKED = 1L << 16;

    /** Where an identity's first copy lies. */
    record Location(long physicalOffset, int size, int queueId, long queueOffset, boolean parked, long storeTimestamp) {
    }

    private final int maxKeys;
    private final long[] entries;
    private final int[] index;
    private final int mask;
    private long windowMillis;
    private long head; // ring sequence of the next entry
    private long tail; // ring sequence of the oldest entry

    KeyWindow(int maxKeys, long windowMillis) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("dedupWindowKeys must be at least 1, was " + maxKeys);
        }
        this.maxKeys = maxKeys;
        this.entries = new long[Math.multiplyExact(maxKeys, STRIDE)];
        int slots = Integer.highestOneBit(Math.max(2, maxKeys + maxKeys / 2 + 1) - 1) << 1;
        this.index = new int[slots];
        this.mask = slots - 1;
        this.windowMillis = windowMillis;
    }

    int size() {
        return (int) (head - tail);
    }

    int capacity() {
        return maxKeys;
    }

    void windowMillis(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    /** The first copy of {@code id}, or null if none is in the window. */
    Location find(DedupIdentity id, long nowMillis) {
        evictExpired(nowMillis);
        int slot = slotOf(id.high(), id.low());
        if (slot < 0) {
            return null;
        }
        int base = (index[slot] - 1) * STRIDE;
        long place = entries[base + 3];
        long timeSize = entries[base + 4];
        return new Location(entries[base + 2], (int) timeSize, (int) (place & 0xFFFF), place >>> 17,
                (place & PARKED) != 0, (timeSize >>> 32) * 1000);
    }

    /**
     * Records a copy of {@code id}. The first copy stays, except that a copy in the real topic
     * replaces a parked one. Returns whether anything changed.
     */
    boolean add(DedupIdentity id, long physicalOffset, int size, int queueId, long queueOffset, boolean parked,
                long storeTimestamp, long nowMillis) {
        evictExpired(nowMillis);
        long place = (queueOffset << 17) | (parked ? PARKED : 0) | (queueId & 0xFFFF);
        long timeSize = ((storeTimestamp / 1000) << 32) | (size & 0xFFFFFFFFL);
        int slot = slotOf(id.high(), id.low());
        if (slot >= 0) {
            int base = (index[slot] - 1) * STRIDE;
            if ((entries[base + 3] & PARKED) == 0 || parked) {
                return false;
            }
            entries[base + 2] = physicalOffset;
            entries[base + 3] = place;
            entries[base + 4] = timeSize;
            return true;
        }
        if (size() == maxKeys) {
            evictOldest();
        }
        int position = (int) (head % maxKeys);
        int base = position * STRIDE;
        entries[base] = id.high();
        entries[base + 1] = id.low();
        entries[base + 2] = physicalOffset;
        entries[base + 3] = place;
        entries[base + 4] = timeSize;
        head++;
        int s = (int) id.low() & mask;
        while (index[s] != 0) {
            s = (s + 1) & mask;
        }
        index[s] = position + 1;
        return true;
    }

    /** Drops entries stored before the window; arrival order is store-time order. */
    void evictExpired(long nowMillis) {
        long cutoffSeconds = (nowMillis - windowMillis) / 1000;
        while (head > tail && (entries[(int) (tail % maxKeys) * STRIDE + 4] >>> 32) < cutoffSeconds) {
            evictOldest();
        }
    }

    private void evictOldest() {
        int position = (int) (tail % maxKeys);
        int base = position * STRIDE;
        int slot = slotOf(entries[base], entries[base + 1]);
        tail++;
        if (slot >= 0) {
            removeSlot(slot);
        }
    }

    private int slotOf(long high, long low) {
        int s = (int) low & mask;
        for (int probes = 0; probes <= mask; probes++) {
            int v = index[s];
            if (v == 0) {
                return -1;
            }
            int base = (v - 1) * STRIDE;
            if (entries[base] == high && entries[base + 1] == low) {
                return s;
            }
            s = (s + 1) & mask;
        }
        return -1;
    }

    /** Backward-shift deletion: later entries of the probe run move up so lookups never stop early. */
    private void removeSlot(int slot) {
        int hole = slot;
        int j = slot;
        while (true) {
            j = (j + 1) & mask;
            int v = index[j];
            if (v == 0) {
                break;
            }
            int home = (int) entries[(v - 1) * STRIDE + 1] & mask;
            boolean stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
            if (!stays) {
                index[hole] = v;
                hole = j;
            }
        }
        index[hole] = 0;
    }
}
