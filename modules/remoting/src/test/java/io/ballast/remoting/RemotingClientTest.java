package io.ballast.remoting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.remoting.protocol.Versions;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoByteBufLeaks.class)
class RemotingClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int HEART_BEAT = RequestCode.HEART_BEAT;
    private static final int NEVER = 500;
    private static final int HANG_UP = 501;

    private final Closer closer = new Closer();
    private final ProcessorExecutor executor = closing(ProcessorExecutor.create("test", 2, 16));

    @AfterEach
    void closeAll() throws Exception {
        closer.close();
    }

    private <T extends AutoCloseable> T closing(T resource) {
        return closer.add(resource);
    }


    private static Throwable failureOf(CompletionStage<RemotingCommand> call) {
        ExecutionException failed = assertThrows(ExecutionException.class, () -> call.toCompletableFuture().get(20, TimeUnit.SECONDS));
        return failed.getCause();
    }

    @Test
    void theServerCallsTheClientBackOnTheSameConnection() throws Exception {
        CompletableFuture<RemotingChannel> heartbeating = new CompletableFuture<>();
        InetSocketAddress server = closing(RemotingServer.builder("server")
                .register(HEART_BEAT, (channel, request) -> {
                    heartbeating.complete(channel);
                    return CompletableFuture.completedFuture(RemotingCommand.responseTo(request, ResponseCode.SUCCESS).build());
                }, executor).build()).start();
        RemotingClient client = closing(RemotingClient.builder("consumer")
                .register(RequestCode.GET_CONSUMER_RUNNING_INFO, (channel, request) -> CompletableFuture.completedFuture(
                        RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                                .remark("running, asked with opaque " + request.opaque()).build()), executor)
                .build());
        // the client's own ids: the server's request must be numbered by the server, not reuse one of these
        int clientOpaque = RequestIds.next();
        client.invoke(Wire.address(server), RemotingCommand.builder().code(HEART_BEAT).build(), TIMEOUT)
                .toCompletableFuture().get(20, TimeUnit.SECONDS).release();
        RemotingChannel toClient = heartbeating.get(10, TimeUnit.SECONDS);

        RemotingCommand answer = toClient.request(RemotingCommand.builder().code(RequestCode.GET_CONSUMER_RUNNING_INFO)
                .opaque(clientOpaque).build(), TIMEOUT).toCompletableFuture().get(20, TimeUnit.SECONDS);
        try {
            assertEquals(ResponseCode.SUCCESS, answer.code());
            assertTrue(answer.isResponse());
            assertEquals(Versions.BALLAST_AS_ROCKETMQ, answer.version());
            assertNotEquals(clientOpaque, answer.opaque(), "numbered by the sender's counter, not the caller's opaque");
            assertEquals("running, asked with opaque " + answer.opaque(), answer.remark());
        } finally {
            answer.release();
        }
        RemotingCommand unsupported = toClient.request(RemotingCommand.builder().code(777).build(), TIMEOUT)
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertEquals(ResponseCode.REQUEST_CODE_NOT_SUPPORTED, unsupported.code());
        unsupported.release();
    }

    @Test
    void aCallWithoutAnswerFailsWithTimeoutAndALateAnswerIsDropped() throws Exception {
        CompletableFuture<RemotingCommand> late = new CompletableFuture<>();
        List<RemotingCommand> requests = new ArrayList<>();
        InetSocketAddress server = closing(RemotingServer.builder("server").register(NEVER, (channel, request) -> {
            synchronized (requests) {
                requests.add(request);
            }
            return late;
        }, executor).build()).start();
        RemotingClient client = closing(new RemotingClient("client"));
        Throwable failure = failureOf(client.invoke(Wire.address(server), RemotingCommand.builder().code(NEVER).build(), Duration.ofMillis(200)));
        assertInstanceOf(TimeoutException.class, failure);
        assertTrue(failure.getMessage().contains("request code " + NEVER), failure.getMessage());
        synchronized (requests) {
            late.complete(RemotingCommand.responseTo(requests.get(0), ResponseCode.SUCCESS).build());
        }
        // the late answer finds no waiting call and is released; the connection carries on
        RemotingCommand next = client.invoke(Wire.address(server), RemotingCommand.builder().code(999).build(), TIMEOUT)
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertEquals(ResponseCode.REQUEST_CODE_NOT_SUPPORTED, next.code());
        next.release();
    }

    @Test
    void waitingCallsFailWithIOExceptionWhenTheConnectionClosesAndTheNextCallReconnects() throws Exception {
        InetSocketAddress server = closing(RemotingServer.builder("server")
                .register(HANG_UP, (channel, request) -> {
                    channel.close();
                    return new CompletableFuture<>();
                }, executor).build()).start();
        RemotingClient client = closing(new RemotingClient("client"));
        Throwable failure = failureOf(client.invoke(Wire.address(server), RemotingCommand.builder().code(HANG_UP).build(), TIMEOUT));
        assertInstanceOf(IOException.class, failure);
        RemotingCommand again = null;
        for (int attempt = 0; attempt < 100 && again == null; attempt++) {
            // the client may still hold the closing connection for an instant; a new one follows its close
            try {
                again = client.invoke(Wire.address(server), RemotingCommand.builder().code(999).build(), TIMEOUT)
                        .toCompletableFuture().get(20, TimeUnit.SECONDS);
            } catch (ExecutionException stillClosing) {
                assertInstanceOf(IOException.class, stillClosing.getCause());
                Thread.sleep(10);
            }
        }
        assertEquals(ResponseCode.REQUEST_CODE_NOT_SUPPORTED, again.code());
        again.release();
    }

    @Test
    void aServerThatIsNotThereFailsTheCallWithIOException() throws Exception {
        int freePort;
        try (ServerSocket probe = new ServerSocket(0)) {
            freePort = probe.getLocalPort();
        }
        RemotingClient client = closing(new RemotingClient("client"));
        RemotingCommand request = RemotingCommand.builder().code(1).body(Unpooled.buffer(4).writeInt(1)).build();
        assertInstanceOf(IOException.class, failureOf(client.invoke("127.0.0.1:" + freePort, request, TIMEOUT)));
        assertEquals(0, request.refCnt(), "the unsent request is released");
        assertInstanceOf(IllegalArgumentException.class,
                failureOf(client.invoke("no-port", RemotingCommand.builder().code(1).build(), TIMEOUT)));
    }

    @Test
    void aOnewayRequestReachesTheServerProcessor() throws Exception {
        CompletableFuture<RemotingCommand> received = new CompletableFuture<>();
        InetSocketAddress server = closing(RemotingServer.builder("server").register(RequestCode.UPDATE_CONSUMER_OFFSET,
                (channel, request) -> {
                    received.complete(request.toBuilder().body(Unpooled.EMPTY_BUFFER).build());
                    return null;
                }, executor).build()).start();
        RemotingClient client = closing(new RemotingClient("client"));
        client.invokeOneway(Wire.address(server), RemotingCommand.builder().code(RequestCode.UPDATE_CONSUMER_OFFSET)
                .extField("commitOffset", "42").build());
        RemotingCommand request = received.get(10, TimeUnit.SECONDS);
        assertTrue(request.isOneway());
        assertEquals("42", request.extFields().get("commitOffset"));
    }
}
