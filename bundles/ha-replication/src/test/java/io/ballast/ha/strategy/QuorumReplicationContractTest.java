package io.ballast.ha.strategy;

import io.ballast.spi.replication.ReplicationStrategy;

/** Quorum of three (the master and two slaves must hold a send) against the testkit's replication contract. */
class QuorumReplicationContractTest extends ReplicationContractFixture {
    QuorumReplicationContractTest() {
        super(2);
    }

    @Override
    protected ReplicationStrategy newStrategy() {
        return new QuorumReplication(progress, waiters, 3, 3, LIMITS);
    }
}
