package io.ballast.broker.admin;

import io.ballast.broker.FakeChannel;
import io.ballast.broker.TestBroker;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestException;
import io.ballast.remoting.RequestProcessor;
import io.ballast.remoting.protocol.ResponseCode;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * The admin area over a {@link TestBroker}, called as the server would: by code, with a request
 * built from header fields and a body; a {@link RequestException} becomes its response code and
 * remark, as on the wire.
 */
final class AdminHarness implements AutoCloseable {
    final TestBroker broker;
    final FakeChannel channel = new FakeChannel(50_001);
    final Map<String, String> stored = new LinkedHashMap<>();
    final AdminArea area;
    private final Map<Integer, RequestProcessor> processors = new HashMap<>();

    AdminHarness(Path dir) throws Exception {
        this(TestBroker.open(dir), Clock.systemDefaultZone());
    }

    AdminHarness(TestBroker broker, Clock clock) {
        this.broker = broker;
        this.area = new AdminArea(broker.context, changes -> {
            stored.putAll(changes);
            return Map.copyOf(stored);
        }, clock);
        area.register((code, processor, lane) -> processors.put(code, processor));
    }

    boolean serves(int code) {
        return processors.containsKey(code);
    }

    RemotingCommand call(int code, Map<String, String> fields) throws Exception {
        return call(code, fields, new byte[0]);
    }

    RemotingCommand call(int code, Map<String, String> fields, byte[] body) throws Exception {
        RemotingCommand request = RemotingCommand.builder().code(code).opaque(7).extFields(fields)
                .body(Unpooled.wrappedBuffer(body)).build();
        try {
            return processors.get(code).process(channel, request).toCompletableFuture().join();
        } catch (RequestException e) {
            return RemotingCommand.responseTo(request, e.responseCode()).remark(e.remark()).build();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RequestException r) {
                return RemotingCommand.responseTo(request, r.responseCode()).remark(r.remark()).build();
            }
            throw e;
        }
    }

    /** The response's body, after checking it answered SUCCESS. */
    static byte[] body(RemotingCommand response) {
        if (response.code() != ResponseCode.SUCCESS) {
            throw new AssertionError("expected SUCCESS, got " + response.code() + ": " + response.remark());
        }
        byte[] bytes = new byte[response.body().readableBytes()];
        response.body().getBytes(response.body().readerIndex(), bytes);
        return bytes;
    }

    static String text(RemotingCommand response) {
        return new String(body(response), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        area.close();
        broker.close();
    }
}
