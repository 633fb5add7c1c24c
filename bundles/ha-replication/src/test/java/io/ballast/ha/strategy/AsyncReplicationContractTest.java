package io.ballast.ha.strategy;

import io.ballast.spi.replication.ReplicationStrategy;

/** ASYNC_MASTER against the testkit's replication contract: it does not wait, the rest applies. */
class AsyncReplicationContractTest extends ReplicationContractFixture {
    AsyncReplicationContractTest() {
        super(1);
    }

    @Override
    protected ReplicationStrategy newStrategy() {
        return new AsyncReplication(progress, waiters);
    }

    @Override
    protected boolean acknowledgesWithoutReplicas() {
        return true;
    }
}
