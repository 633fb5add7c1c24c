package io.ballast.broker.admin;

import io.ballast.broker.server.BrokerContext;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestException;
import io.ballast.remoting.protocol.Json;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.spi.store.MessageStore;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The immediate answers the admin processors give: success with a body or a remark. */
final class Answers {

    private Answers() {
    }

    static CompletionStage<RemotingCommand> success(RemotingCommand request) {
        return CompletableFuture.completedFuture(RemotingCommand.responseTo(request, ResponseCode.SUCCESS).build());
    }

    static CompletionStage<RemotingCommand> success(RemotingCommand request, String remark) {
        return CompletableFuture.completedFuture(RemotingCommand.responseTo(request, ResponseCode.SUCCESS).remark(remark).build());
    }

    static CompletionStage<RemotingCommand> body(RemotingCommand request, byte[] body) {
        return CompletableFuture.completedFuture(RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .body(Unpooled.wrappedBuffer(body)).build());
    }

    /** SUCCESS with {@code value} as the JSON body. */
    static CompletionStage<RemotingCommand> json(RemotingCommand request, Object value) {
        return body(request, Json.write(value));
    }

    static String text(RemotingCommand request) {
        return request.body().toString(StandardCharsets.UTF_8);
    }

    /** The store bound now; read per request, as it can be swapped. */
    static MessageStore store(BrokerContext context) throws RequestException {
        return context.services().store().current()
                .orElseThrow(() -> new RequestException(ResponseCode.SERVICE_NOT_AVAILABLE, "no message store is bound to this broker"))
                .service();
    }
}
