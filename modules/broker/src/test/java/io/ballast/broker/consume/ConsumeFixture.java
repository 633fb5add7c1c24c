package io.ballast.broker.consume;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.broker.TestBroker;
import io.ballast.broker.config.BrokerSettings;
import io.ballast.broker.server.BrokerContext;
import io.ballast.remoting.RemotingChannel;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestException;
import io.ballast.remoting.RequestProcessor;
import io.ballast.remoting.protocol.Perm;
import io.ballast.remoting.protocol.TopicConfig;
import io.ballast.spi.message.Message;
import io.ballast.spi.message.MessageProperties;
import io.ballast.spi.store.AppendResult;
import io.ballast.store.CommitLogStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The consuming side of a {@link TestBroker}: the area's processors called directly, as the
 * server would call them, and messages sent straight into the store.
 */
public final class ConsumeFixture implements AutoCloseable {
    public final TestBroker broker;
    public final CommitLogStore store;
    public final BrokerContext context;
    public final ConsumeArea area;
    private final Map<Integer, RequestProcessor> processors = new HashMap<>();
    private final Path dir;
    private int opaque;

    public ConsumeFixture(Path dir) throws IOException {
        this.dir = dir;
        broker = TestBroker.open(dir);
        store = broker.store;
        context = broker.context;
        area = new ConsumeArea(context);
        area.register((code, processor, lane) -> processors.put(code, processor));
    }

    /** Replaces the settings, as an edit of etc/ would. */
    public void settings(Map<String, String> conf) {
        broker.settings.replace(BrokerSettings.of(conf, dir));
    }

    public void topic(String name, int queues) {
        context.topics().put(TopicConfig.of(name, queues, Perm.READ | Perm.WRITE));
    }

    /** Appends a message and waits until consumers can see it. */
    public AppendResult send(String topic, int queueId, String tag, String body) throws Exception {
        return send(Message.builder(topic, body.getBytes(StandardCharsets.UTF_8)).queueId(queueId)
                .properties(tag == null ? Map.of() : Map.of(MessageProperties.TAGS, tag)).build());
    }

    public AppendResult send(Message message) throws Exception {
        long before = store.maxQueueOffset(message.topic(), message.queueId());
        AppendResult result = store.append(message);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.maxQueueOffset(message.topic(), message.queueId()) <= before) {
            assertTrue(System.nanoTime() < deadline, "the store never made offset " + before + " visible");
            Thread.sleep(2);
        }
        return result;
    }

    public RemotingCommand.Builder request(int code) {
        return RemotingCommand.builder().code(code).opaque(++opaque);
    }

    /** Calls the processor registered for the code; a refusal becomes the response the server would send. */
    public CompletionStage<RemotingCommand> call(RemotingChannel channel, RemotingCommand request) throws Exception {
        try {
            return processors.get(request.code()).process(channel, request);
        } catch (RequestException e) {
            return CompletableFuture.completedFuture(refusal(request, e));
        }
    }

    /** Calls and waits for the answer (long polls included), with a generous bound. */
    public RemotingCommand answer(RemotingChannel channel, RemotingCommand request) throws Exception {
        try {
            return call(channel, request).toCompletableFuture().get(40, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RequestException re) {
                return refusal(request, re);
            }
            throw e;
        }
    }

    private static RemotingCommand refusal(RemotingCommand request, RequestException e) {
        return RemotingCommand.responseTo(request, e.responseCode()).remark(e.remark()).build();
    }

    @Override
    public void close() {
        area.close();
        broker.close();
    }
}
