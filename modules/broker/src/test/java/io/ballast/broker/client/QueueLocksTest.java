package io.ballast.broker.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.broker.client.QueueLocks.MessageQueue;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class QueueLocksTest {
    final AtomicLong now = new AtomicLong(1_000_000);
    final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return Instant.ofEpochMilli(now.get()); }
    };
    final QueueLocks locks = new QueueLocks(clock, () -> 60_000);
    final MessageQueue q0 = new MessageQueue("T", "broker-a", 0);
    final MessageQueue q1 = new MessageQueue("T", "broker-a", 1);

    @Test
    void aFreeQueueGoesToTheFirstAskerAndNotToAnother() {
        assertEquals(Set.of(q0, q1), locks.lock("g", "c1", Set.of(q0, q1)));
        assertEquals(Set.of(), locks.lock("g", "c2", Set.of(q0, q1)));
        assertEquals(Set.of(q0), locks.lock("other-group", "c2", Set.of(q0)), "locks are per group");
    }

    @Test
    void aLockExpiresSixtySecondsAfterItsLastRenewal() {
        locks.lock("g", "c1", Set.of(q0));
        now.addAndGet(40_000);
        assertEquals(Set.of(q0), locks.lock("g", "c1", Set.of(q0)), "renewal");
        now.addAndGet(40_000);
        assertEquals(Set.of(), locks.lock("g", "c2", Set.of(q0)), "80 s after taking it, but 40 s after renewing");
        assertTrue(locks.isLocked("g", "T", 0));
        now.addAndGet(20_001);
        assertFalse(locks.isLocked("g", "T", 0));
        assertEquals(Set.of(q0), locks.lock("g", "c2", Set.of(q0)), "expired: the next asker gets it");
    }

    @Test
    void unlockReleasesOnlyTheCallersOwnLocks() {
        locks.lock("g", "c1", Set.of(q0));
        locks.unlock("g", "c2", Set.of(q0));
        assertEquals(Set.of(), locks.lock("g", "c2", Set.of(q0)));
        locks.unlock("g", "c1", Set.of(q0));
        assertEquals(Set.of(q0), locks.lock("g", "c2", Set.of(q0)));
    }
}
