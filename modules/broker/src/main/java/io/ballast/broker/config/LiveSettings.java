package io.ballast.broker.config;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The broker settings in force now. Processors read {@link #current()} per request, so a key
 * marked {@link BrokerKey.Applies#LIVE} takes effect for the next request after an edit of etc/.
 */
public final class LiveSettings {
    private final AtomicReference<BrokerSettings> current;

    public LiveSettings(BrokerSettings initial) {
        this.current = new AtomicReference<>(initial);
    }

    public BrokerSettings current() {
        return current.get();
    }

    /** @return the settings that were in force before */
    public BrokerSettings replace(BrokerSettings next) {
        return current.getAndSet(next);
    }
}
