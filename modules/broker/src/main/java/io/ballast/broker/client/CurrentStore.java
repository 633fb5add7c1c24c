package io.ballast.broker.client;

import io.ballast.broker.ServiceBinding;
import io.ballast.broker.server.BrokerContext;
import io.ballast.remoting.RequestException;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.spi.store.MessageStore;

/** The message store bound now, read per request (it can be swapped), or a clean refusal when none is. */
public final class CurrentStore {
    private CurrentStore() {
    }

    public static MessageStore require(BrokerContext context) throws RequestException {
        return context.services().store().current().map(ServiceBinding.Bound::service)
                .orElseThrow(() -> new RequestException(ResponseCode.SERVICE_NOT_AVAILABLE, "no message store is bound"));
    }
}
