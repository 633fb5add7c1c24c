package io.ballast.store;

import io.ballast.spi.store.ArrivalListener;
import io.ballast.store.commitlog.RecordView;
import java.io.IOException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches a record, then tells the arrival listeners its queue grew. Listeners run on the
 * dispatch thread; one that throws is logged and does not stop dispatching or the others.
 */
final class Arrivals implements DispatchTarget {
    private static final Logger LOG = LoggerFactory.getLogger(Arrivals.class);

    private final DispatchTarget indexing;
    private final CopyOnWriteArrayList<ArrivalListener> listeners = new CopyOnWriteArrayList<>();

    Arrivals(DispatchTarget indexing) {
        this.indexing = indexing;
    }

    void add(ArrivalListener listener) {
        listeners.addIfAbsent(listener);
    }

    void remove(ArrivalListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void redispatch(long physicalOffset, RecordView record) throws IOException {
        indexing.redispatch(physicalOffset, record); // consumers already heard of it
    }

    @Override
    public void dispatch(long physicalOffset, RecordView record) throws IOException {
        indexing.dispatch(physicalOffset, record);
        if (listeners.isEmpty()) {
            return;
        }
        String topic = record.topic();
        int queueId = record.queueId();
        long max = record.queueOffset() + 1;
        for (ArrivalListener listener : listeners) {
            try {
                listener.arrived(topic, queueId, max);
            } catch (RuntimeException e) {
                LOG.warn("Arrival listener {} failed for {}/{}: {}", listener, topic, queueId, e.toString());
            }
        }
    }
}
