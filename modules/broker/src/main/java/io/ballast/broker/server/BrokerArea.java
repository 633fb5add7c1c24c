package io.ballast.broker.server;

import io.ballast.remoting.RemotingChannel;

/**
 * One area of the broker (messages, consumers, administration): its processors, and what it runs
 * between the broker's start and stop. The broker component builds each area with the
 * {@link BrokerContext}, registers its processors, starts it after the server listens and closes
 * it before the server stops.
 */
public interface BrokerArea {

    void register(ProcessorTable table);

    /** Called once the server listens: start timers and background work. */
    default void start() {
    }

    /** A client connection closed (forget its registrations, locks, held pulls). */
    default void connectionClosed(RemotingChannel channel) {
    }

    /** Called on stop, before the store goes: stop timers, answer what is held, persist. */
    default void close() {
    }
}
