package io.ballast.broker.server;

import io.ballast.remoting.RequestProcessor;

/** Where each area of the broker registers its request processors, by code and lane. */
@FunctionalInterface
public interface ProcessorTable {
    void register(int requestCode, RequestProcessor processor, Lane lane);
}
