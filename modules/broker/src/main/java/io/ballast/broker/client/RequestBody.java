package io.ballast.broker.client;

import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestException;
import io.ballast.remoting.protocol.Json;
import io.ballast.remoting.protocol.ResponseCode;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;

/** A request's JSON body read into its record; a missing or malformed body is INVALID_PARAMETER. */
final class RequestBody {
    private RequestBody() {
    }

    static <T> T read(RemotingCommand request, Class<T> type, String name) throws RequestException {
        if (!request.body().isReadable()) {
            throw new RequestException(ResponseCode.INVALID_PARAMETER, "the request has no body; expected " + name + " JSON");
        }
        try {
            T value = Json.read(ByteBufUtil.getBytes(request.body()), type);
            if (value != null) {
                return value;
            }
        } catch (IOException | RuntimeException e) {
            // answered below
        }
        throw new RequestException(ResponseCode.INVALID_PARAMETER, "the request body is not " + name + " JSON");
    }
}
