package io.ballast.ha.strategy;

import io.ballast.spi.replication.ReplicationStrategy;

/** SYNC_MASTER with one slave against the testkit's replication contract. */
class SyncReplicationContractTest extends ReplicationContractFixture {
    SyncReplicationContractTest() {
        super(1);
    }

    @Override
    protected ReplicationStrategy newStrategy() {
        return new SyncReplication(progress, waiters, LIMITS);
    }
}
