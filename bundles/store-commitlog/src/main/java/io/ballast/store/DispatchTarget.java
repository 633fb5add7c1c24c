package io.ballast.store;

import io.ballast.store.commitlog.RecordView;
import java.io.IOException;

/** Where each committed record is indexed: consume queues and the key index. */
@FunctionalInterface
interface DispatchTarget {
    void dispatch(long physicalOffset, RecordView record) throws IOException;
}
