package io.ballast.flush.sync;

import io.ballast.spi.flush.FlushPolicy;
import io.ballast.testkit.FakeJournal;
import io.ballast.testkit.FlushPolicyContract;

/** Group commit (SYNC_FLUSH) against the testkit's flush contract, every check included. */
class GroupCommitFlushContractTest extends FlushPolicyContract {

    @Override
    protected FlushPolicy newPolicy(FakeJournal journal) {
        return new GroupCommitFlush(journal, 30_000);
    }

    @Override
    protected void deactivate(FlushPolicy policy) {
        ((GroupCommitFlush) policy).close();
    }
}
