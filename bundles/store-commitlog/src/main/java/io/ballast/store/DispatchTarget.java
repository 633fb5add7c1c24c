package io.ballast.store;

import io.ballast.store.commitlog.RecordView;
import java.io.IOException;

/** Where each committed record is indexed: consume queues and the key index. */
interface DispatchTarget {
    void dispatch(long physicalOffset, RecordView record) throws IOException;

    /**
     * The same record again, after a failed pass may have left its entries half written: whatever
     * is idempotent is rewritten (the consume-queue entry), nothing is added twice.
     */
    default void redispatch(long physicalOffset, RecordView record) throws IOException {
        dispatch(physicalOffset, record);
    }
}
