package io.ballast.broker.send;

import io.ballast.remoting.RemotingChannel;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestException;
import io.ballast.remoting.RequestProcessor;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.spi.message.MessageProperties;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Send requests as the 4.9.8 client builds them, and a way to get a processor's answer or refusal. */
final class SendRequests {
    static final int CLIENT_VERSION = 409;

    private SendRequests() {
    }

    /** SEND_MESSAGE_V2 with the one-letter keys. */
    static RemotingCommand v2(String topic, int queueId, Map<String, String> properties, String body) {
        return v2(topic, queueId, properties, body.getBytes(StandardCharsets.UTF_8)).build();
    }

    static RemotingCommand.Builder v2(String topic, int queueId, Map<String, String> properties, byte[] body) {
        return RemotingCommand.builder().code(RequestCode.SEND_MESSAGE_V2).version(CLIENT_VERSION).opaque(7)
                .extField("a", "producer-group").extField("b", topic).extField("c", "TBW102").extField("d", "4")
                .extField("e", Integer.toString(queueId)).extField("f", "0").extField("g", "1700000000000")
                .extField("h", "0").extField("i", MessageProperties.encode(properties)).extField("j", "0")
                .extField("k", "false").extField("m", "false").extField("n", "broker-a")
                .body(Unpooled.wrappedBuffer(body));
    }

    /** The processor's response, waiting for a pending durability wait. */
    static RemotingCommand answer(RequestProcessor processor, RemotingChannel channel, RemotingCommand request) throws Exception {
        return processor.process(channel, request).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** The refusal a processor answers with, thrown at once or through its stage. */
    static RequestException refusal(RequestProcessor processor, RemotingChannel channel, RemotingCommand request) throws Exception {
        try {
            RemotingCommand response = answer(processor, channel, request);
            throw new AssertionError("expected a refusal, got " + response);
        } catch (RequestException e) {
            return e;
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof RequestException r) {
                return r;
            }
            throw e;
        }
    }
}
