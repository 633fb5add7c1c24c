package io.ballast.ha.strategy;

import io.ballast.ha.ReplicaProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Slaves that ack when the test says so; listeners are called on the acking thread, like the link's. */
final class FakeReplicaProgress implements ReplicaProgress {
    private final Map<Long, Replica> replicas = new ConcurrentSkipListMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** Slave {@code brokerId} reports holding every byte below {@code offset}. */
    void ack(long brokerId, long offset) {
        replicas.put(brokerId, new Replica(brokerId, "127.0.0.1:" + (40000 + brokerId), offset, System.nanoTime()));
        listeners.forEach(Runnable::run);
    }

    void disconnect(long brokerId) {
        replicas.remove(brokerId);
        listeners.forEach(Runnable::run);
    }

    int listenerCount() {
        return listeners.size();
    }

    @Override
    public List<Replica> replicas() {
        return new ArrayList<>(replicas.values());
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }
}
