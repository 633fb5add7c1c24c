package io.ballast.example.flush;

import io.ballast.spi.flush.FlushPolicy;
import io.ballast.testkit.FakeJournal;
import io.ballast.testkit.FlushPolicyContract;

/** The example plugin passes the SDK's flush contract: every check of a waiting policy applies. */
class BatchingGroupCommitContractTest extends FlushPolicyContract {

    @Override
    protected FlushPolicy newPolicy(FakeJournal journal) {
        return new BatchingGroupCommit(journal, 2);
    }

    @Override
    protected void deactivate(FlushPolicy policy) {
        ((BatchingGroupCommit) policy).close();
    }
}
