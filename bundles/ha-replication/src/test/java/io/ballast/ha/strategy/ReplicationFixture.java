package io.ballast.ha.strategy;

import org.junit.jupiter.api.AfterEach;

/** Fake slaves and a real table of waits, closed after each test so no decision thread outlives it. */
abstract class ReplicationFixture {
    final FakeReplicaProgress progress = new FakeReplicaProgress();
    final ReplicationWaiters waiters = new ReplicationWaiters();

    @AfterEach
    void closeWaiters() {
        waiters.close();
    }
}
