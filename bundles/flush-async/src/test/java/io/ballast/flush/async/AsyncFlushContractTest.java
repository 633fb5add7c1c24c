package io.ballast.flush.async;

import io.ballast.spi.flush.FlushPolicy;
import io.ballast.testkit.FakeJournal;
import io.ballast.testkit.FlushPolicyContract;
import java.util.concurrent.TimeUnit;

/** ASYNC_FLUSH against the testkit's flush contract: it answers from the page cache, so the waiting checks are skipped. */
class AsyncFlushContractTest extends FlushPolicyContract {

    @Override
    protected FlushPolicy newPolicy(FakeJournal journal) {
        // look every millisecond and force at one dirty page, so a failed force is met within the suite's bounds
        return new AsyncFlush(journal, 1, 1, TimeUnit.SECONDS.toMillis(1));
    }

    @Override
    protected void deactivate(FlushPolicy policy) {
        ((AsyncFlush) policy).close();
    }

    @Override
    protected boolean waitsForForce() {
        return false;
    }
}
