package io.ballast.remoting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.remoting.protocol.Versions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ExtendWith(NoByteBufLeaks.class)
class RemotingServerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int ECHO = 100;
    private static final int HELD = 101;
    private static final int SLOW = 102;
    private static final int FAST = 103;
    private static final int THROWS = 104;
    private static final int REFUSES = 105;
    private static final int SILENT = 106;

    private final Closer closer = new Closer();
    private final ProcessorExecutor executor = closing(ProcessorExecutor.create("test", 4, 64));

    @AfterEach
    void closeAll() throws Exception {
        closer.close();
    }

    private <T extends AutoCloseable> T closing(T resource) {
        return closer.add(resource);
    }

    private InetSocketAddress start(Consumer<RemotingServer.Builder> setup) {
        RemotingServer.Builder builder = RemotingServer.builder("test-server")
                .register(ECHO, RemotingServerTest::echo, executor);
        setup.accept(builder);
        return closing(builder.build()).start();
    }

    private RemotingClient client() {
        return closing(new RemotingClient("test-client"));
    }

    /** Answers SUCCESS with the request's "n" field and body. */
    private static CompletionStage<RemotingCommand> echo(RemotingChannel channel, RemotingCommand request) {
        return CompletableFuture.completedFuture(RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .extFields(request.extFields()).body(request.body().retainedDuplicate()).build());
    }

    private static RemotingCommand request(int code, String n) {
        return RemotingCommand.builder().code(code).extField("n", n).build();
    }

    private static RemotingCommand call(RemotingClient client, InetSocketAddress server, RemotingCommand request) throws Exception {
        return client.invoke(Wire.address(server), request, TIMEOUT).toCompletableFuture().get(20, TimeUnit.SECONDS);
    }


    private static void assertAnswer(RemotingCommand response, int code, String remarkStart) {
        try {
            assertTrue(response.isResponse(), "response flag");
            assertEquals(Versions.BALLAST_AS_ROCKETMQ, response.version());
            assertEquals(code, response.code(), () -> "code, remark " + response.remark());
            if (remarkStart != null) {
                assertTrue(response.remark() != null && response.remark().startsWith(remarkStart), response.remark());
            }
        } finally {
            response.release();
        }
    }

    @Test
    void inFlightRequestsAnsweredOutOfOrderReachTheirOwnCallers() throws Exception {
        Map<String, Runnable> answerers = new ConcurrentHashMap<>();
        CountDownLatch allHeld = new CountDownLatch(8);
        InetSocketAddress server = start(b -> b.register(HELD, (channel, request) -> {
            CompletableFuture<RemotingCommand> answer = new CompletableFuture<>();
            String n = request.extFields().get("n");
            answerers.put(n, () -> answer.complete(RemotingCommand.responseTo(request, ResponseCode.SUCCESS).extField("n", n).build()));
            allHeld.countDown();
            return answer;
        }, executor));
        RemotingClient client = client();
        List<CompletableFuture<RemotingCommand>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(client.invoke(Wire.address(server), request(HELD, "r" + i), TIMEOUT).toCompletableFuture());
        }
        assertTrue(allHeld.await(10, TimeUnit.SECONDS));
        for (int i = 7; i >= 0; i--) {
            answerers.get("r" + i).run(); // the reverse of the order they were sent in
        }
        for (int i = 0; i < 8; i++) {
            RemotingCommand response = calls.get(i).get(20, TimeUnit.SECONDS);
            assertEquals("r" + i, response.extFields().get("n"));
            assertAnswer(response, ResponseCode.SUCCESS, null);
        }
    }

    @Test
    void oneWayRequestsAreProcessedButNeverAnswered() throws Exception {
        CountDownLatch processed = new CountDownLatch(1);
        InetSocketAddress server = start(b -> b.register(HELD, (channel, request) -> {
            processed.countDown();
            // a processor that answers anyway, or fails: neither may reach the wire
            return request.extFields().containsKey("fail") ? CompletableFuture.failedFuture(new IllegalStateException("x"))
                    : echo(channel, request);
        }, executor));
        try (RawPeer peer = new RawPeer(server)) {
            peer.send(RemotingCommand.builder().code(HELD).opaque(1).flag(RemotingCommand.ONEWAY_FLAG).build());
            peer.send(RemotingCommand.builder().code(HELD).opaque(2).flag(RemotingCommand.ONEWAY_FLAG).extField("fail", "y").build());
            peer.send(RemotingCommand.builder().code(999).opaque(3).flag(RemotingCommand.ONEWAY_FLAG).build());
            assertTrue(processed.await(10, TimeUnit.SECONDS));
            peer.send(RemotingCommand.builder().code(ECHO).opaque(4).build());
            RemotingCommand first = peer.receive();
            assertEquals(4, first.opaque(), "the first frame back answers the two-way request");
            assertAnswer(first, ResponseCode.SUCCESS, null);
        }
    }

    @Test
    void anUnknownCodeIsAnsweredRequestCodeNotSupported() throws Exception {
        InetSocketAddress server = start(b -> { });
        RemotingCommand response = call(client(), server, request(999, "x"));
        assertEquals("request code 999 is not supported", response.remark());
        assertAnswer(response, ResponseCode.REQUEST_CODE_NOT_SUPPORTED, null);
    }

    @Test
    void aDefaultProcessorServesCodesNobodyRegistered() throws Exception {
        InetSocketAddress server = start(b -> b.defaultProcessor(RemotingServerTest::echo, executor));
        RemotingCommand response = call(client(), server, request(999, "x"));
        assertEquals("x", response.extFields().get("n"));
        assertAnswer(response, ResponseCode.SUCCESS, null);
    }

    @Test
    void aFullQueueIsAnsweredSystemBusyAndOtherExecutorsKeepServing() throws Exception {
        ProcessorExecutor slow = closing(ProcessorExecutor.create("slow", 1, 1));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        InetSocketAddress server = start(b -> b
                .register(SLOW, (channel, request) -> {
                    running.countDown();
                    release.await(); // holds the executor's only thread
                    return echo(channel, request);
                }, slow)
                .register(FAST, RemotingServerTest::echo, executor));
        RemotingClient client = client();
        CompletableFuture<RemotingCommand> first = client.invoke(Wire.address(server), request(SLOW, "1"), TIMEOUT).toCompletableFuture();
        assertTrue(running.await(10, TimeUnit.SECONDS));
        CompletableFuture<RemotingCommand> queued = client.invoke(Wire.address(server), request(SLOW, "2"), TIMEOUT).toCompletableFuture();
        RemotingCommand rejected = call(client, server, request(SLOW, "3"));
        assertTrue(rejected.remark().contains("'slow'"), rejected.remark());
        assertAnswer(rejected, ResponseCode.SYSTEM_BUSY, "[OVERLOAD]");
        assertAnswer(call(client, server, request(FAST, "4")), ResponseCode.SUCCESS, null);
        release.countDown();
        assertAnswer(first.get(20, TimeUnit.SECONDS), ResponseCode.SUCCESS, null);
        assertAnswer(queued.get(20, TimeUnit.SECONDS), ResponseCode.SUCCESS, null);
    }

    @Test
    void aProcessorThrowingIsAnsweredSystemErrorAndTheConnectionStaysUsable() throws Exception {
        InetSocketAddress server = start(b -> b.register(THROWS, (channel, request) -> {
            throw new IllegalStateException("broken on purpose");
        }, executor));
        RemotingClient client = client();
        RemotingCommand failed = call(client, server, request(THROWS, "1"));
        assertEquals("java.lang.IllegalStateException: broken on purpose", failed.remark());
        assertAnswer(failed, ResponseCode.SYSTEM_ERROR, null);
        assertAnswer(call(client, server, request(ECHO, "2")), ResponseCode.SUCCESS, null);
    }

    @Test
    void aRequestExceptionIsAnsweredWithItsCodeAndRemarkThrownOrAsAFailedStage() throws Exception {
        InetSocketAddress server = start(b -> b.register(REFUSES, (channel, request) -> {
            if (request.extFields().containsKey("thrown")) {
                RequestHeader.of(request).requiredString("topic");
            }
            return CompletableFuture.failedFuture(new RequestException(ResponseCode.TOPIC_NOT_EXIST, "topic T does not exist"));
        }, executor));
        RemotingClient client = client();
        RemotingCommand thrown = call(client, server, RemotingCommand.builder().code(REFUSES).extField("thrown", "y").build());
        assertEquals("the request header field 'topic' is missing", thrown.remark());
        assertAnswer(thrown, ResponseCode.INVALID_PARAMETER, null);
        RemotingCommand failedStage = call(client, server, request(REFUSES, "1"));
        assertEquals("topic T does not exist", failedStage.remark());
        assertAnswer(failedStage, ResponseCode.TOPIC_NOT_EXIST, null);
    }

    @ParameterizedTest
    @EnumSource(HeaderEncoding.class)
    void responsesCarryOpaqueResponseFlagVersionAndEncodingWhateverTheProcessorSet(HeaderEncoding encoding) throws Exception {
        // a careless processor: no responseTo, so no opaque, flag, version or encoding of the request
        InetSocketAddress server = start(b -> b.register(SILENT, (channel, request) -> CompletableFuture.completedFuture(
                RemotingCommand.builder().code(ResponseCode.SUCCESS).remark("bare").build()), executor));
        try (RawPeer peer = new RawPeer(server)) {
            for (int code : new int[] {SILENT, ECHO, 999}) {
                peer.send(RemotingCommand.builder().code(code).opaque(4242 + code).version(Versions.V3_4_9)
                        .headerEncoding(encoding).build());
                RemotingCommand response = peer.receive();
                assertEquals(4242 + code, response.opaque());
                assertEquals(RemotingCommand.RESPONSE_FLAG, response.flag());
                assertEquals(encoding, response.headerEncoding(), "answered in the request's encoding");
                assertAnswer(response, code == 999 ? ResponseCode.REQUEST_CODE_NOT_SUPPORTED : ResponseCode.SUCCESS, null);
            }
        }
    }

    @Test
    void aStageCompletingWithNullSendsNothing() throws Exception {
        InetSocketAddress server = start(b -> b.register(SILENT, (channel, request) -> CompletableFuture.completedFuture(null), executor));
        try (RawPeer peer = new RawPeer(server)) {
            peer.send(RemotingCommand.builder().code(SILENT).opaque(1).build());
            peer.send(RemotingCommand.builder().code(ECHO).opaque(2).build());
            RemotingCommand response = peer.receive();
            assertEquals(2, response.opaque());
            assertAnswer(response, ResponseCode.SUCCESS, null);
        }
    }

    @Test
    void theServerReleasesEachRequestOnceItsStageCompletes() throws Exception {
        List<RemotingCommand> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<RemotingCommand> later = new CompletableFuture<>();
        InetSocketAddress server = start(b -> b.register(HELD, (channel, request) -> {
            seen.add(request);
            return later;
        }, executor));
        RemotingClient client = client();
        CompletableFuture<RemotingCommand> call = client.invoke(Wire.address(server), RemotingCommand.builder().code(HELD)
                .body(Unpooled.copiedBuffer("payload", StandardCharsets.UTF_8)).build(), TIMEOUT).toCompletableFuture();
        while (seen.isEmpty()) {
            Thread.sleep(5);
        }
        RemotingCommand request = seen.get(0);
        assertEquals(1, request.refCnt(), "still the processor's while its stage runs");
        // the server's completion callback runs inside complete(), on this thread
        later.complete(RemotingCommand.responseTo(request, ResponseCode.SUCCESS).build());
        assertEquals(0, request.refCnt());
        assertAnswer(call.get(20, TimeUnit.SECONDS), ResponseCode.SUCCESS, null);
    }

    @Test
    void aBodyOfReadOnlyBufferSlicesArrivesWholeAndIsReleasedAfterTheWrite() throws Exception {
        // the shape of a pull response: slices of a mapped file, read-only, gathered without copying
        ByteBuffer file = ByteBuffer.wrap("0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();
        List<ByteBuf> bodies = new CopyOnWriteArrayList<>();
        InetSocketAddress server = start(b -> b.register(HELD, (channel, request) -> {
            CompositeByteBuf body = Unpooled.compositeBuffer();
            body.addComponent(true, Unpooled.wrappedBuffer(file.slice(2, 4)));
            body.addComponent(true, Unpooled.wrappedBuffer(file.slice(10, 6)));
            bodies.add(body);
            return CompletableFuture.completedFuture(RemotingCommand.responseTo(request, ResponseCode.SUCCESS).body(body).build());
        }, executor));
        RemotingCommand response = call(client(), server, request(HELD, "1"));
        assertEquals("2345abcdef", response.body().toString(StandardCharsets.US_ASCII));
        assertAnswer(response, ResponseCode.SUCCESS, null);
        // the server's event loop releases the body right after the socket took it: wait for that, not a race
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (bodies.get(0).refCnt() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, bodies.get(0).refCnt(), "the server released the response body once written");
    }

    @Test
    void aResponseTooLargeForAFrameIsReplacedBySystemError() throws Exception {
        InetSocketAddress server = start(b -> b.register(HELD, (channel, request) -> CompletableFuture.completedFuture(
                RemotingCommand.responseTo(request, ResponseCode.SUCCESS).body(Unpooled.wrappedBuffer(new byte[17 << 20])).build()),
                executor));
        RemotingClient client = client();
        assertAnswer(call(client, server, request(HELD, "1")), ResponseCode.SYSTEM_ERROR, "the response could not be sent");
        assertAnswer(call(client, server, request(ECHO, "2")), ResponseCode.SUCCESS, null);
    }

    @Test
    void aPortInUseFailsStartWithTheAddress() {
        InetSocketAddress taken = start(b -> { });
        RemotingServer second = closing(RemotingServer.builder("second").bind(taken).build());
        UncheckedIOException failed = assertThrows(UncheckedIOException.class, second::start);
        assertTrue(failed.getMessage().contains(String.valueOf(taken.getPort())), failed.getMessage());
    }

    @Test
    void anIdleConnectionIsClosed() throws Exception {
        InetSocketAddress server = start(b -> b.idleTimeout(Duration.ofMillis(200)));
        try (RawPeer peer = new RawPeer(server)) {
            assertTrue(peer.closedByServer());
        }
    }

    @Test
    void aFrameOver16MiBClosesItsConnectionAndTheServerServesOthers() throws Exception {
        InetSocketAddress server = start(b -> { });
        RemotingClient client = client();
        assertAnswer(call(client, server, request(ECHO, "before")), ResponseCode.SUCCESS, null);
        try (RawPeer peer = new RawPeer(server)) {
            peer.sendBytes(Wire.concat(Wire.hex("01000001 0000000B"), "{\"code\":10}".getBytes(StandardCharsets.US_ASCII)));
            assertTrue(peer.closedByServer());
        }
        assertAnswer(call(client, server, request(ECHO, "after")), ResponseCode.SUCCESS, null);
    }

    @Test
    void theConnectionListenerHearsConnectAndCloseOfTheSameChannelProcessorsSee() throws Exception {
        List<RemotingChannel> connected = new CopyOnWriteArrayList<>();
        CompletableFuture<RemotingChannel> closed = new CompletableFuture<>();
        List<RemotingChannel> seenByProcessor = new CopyOnWriteArrayList<>();
        InetSocketAddress server = start(b -> b
                .register(HELD, (channel, request) -> {
                    seenByProcessor.add(channel);
                    return echo(channel, request);
                }, executor)
                .connectionListener(new ConnectionListener() {
                    @Override public void connected(RemotingChannel channel) { connected.add(channel); }
                    @Override public void closed(RemotingChannel channel) { closed.complete(channel); }
                }));
        try (RawPeer peer = new RawPeer(server)) {
            peer.send(RemotingCommand.builder().code(HELD).opaque(1).build());
            peer.send(RemotingCommand.builder().code(HELD).opaque(2).build());
            peer.receive().release();
            peer.receive().release();
        }
        RemotingChannel gone = closed.get(10, TimeUnit.SECONDS);
        assertEquals(1, connected.size());
        assertSame(connected.get(0), gone);
        assertSame(gone, seenByProcessor.get(0));
        assertSame(gone, seenByProcessor.get(1));
        assertInstanceOf(InetSocketAddress.class, gone.remoteAddress());
        assertEquals(server.getPort(), gone.localAddress().getPort());
    }

    @Test
    void bytesOfAWholeFrameSurviveTheRoundTrip() throws Exception {
        InetSocketAddress server = start(b -> { });
        byte[] payload = new byte[1 << 20];
        new SplittableRandom(7).nextBytes(payload);
        RemotingCommand response = call(client(), server, RemotingCommand.builder().code(ECHO)
                .body(Unpooled.wrappedBuffer(payload.clone())).build());
        assertTrue(ByteBufUtil.equals(Unpooled.wrappedBuffer(payload), response.body()));
        assertAnswer(response, ResponseCode.SUCCESS, null);
    }
}
