package io.ballast.broker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.broker.BoundServices;
import io.ballast.broker.FakeChannel;
import io.ballast.broker.TestServices;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestException;
import io.ballast.remoting.RequestProcessor;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.spi.store.MessageStore;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SwapWaitTest {
    private final BoundServices services = new BoundServices();
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final FakeChannel channel = new FakeChannel(40001);
    private final RemotingCommand request = RemotingCommand.builder().code(10).opaque(1).build();
    private final RemotingCommand ok = RemotingCommand.builder().code(ResponseCode.SUCCESS).build();
    private final AtomicInteger calls = new AtomicInteger();
    private final MessageStore first = store();
    private final MessageStore second = store();

    /** Answers SUCCESS while a store is bound, else the refusal of today (SYSTEM_BUSY). */
    private final RequestProcessor needsStore = (ch, req) -> {
        calls.incrementAndGet();
        if (services.store().current().isEmpty()) {
            throw new RequestException(ResponseCode.SYSTEM_BUSY, "[STORE_NOT_BOUND] no message store is bound right now");
        }
        return CompletableFuture.completedFuture(ok);
    };

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private static MessageStore store() {
        return (MessageStore) Proxy.newProxyInstance(MessageStore.class.getClassLoader(), new Class<?>[] {MessageStore.class},
                (proxy, method, args) -> method.getName().equals("hashCode") ? System.identityHashCode(proxy)
                        : method.getName().equals("equals") ? proxy == args[0] : null);
    }

    private SwapWait waitingUpTo(long millis) {
        return SwapWait.of(needsStore, services.store(), () -> millis, executor, false);
    }

    @Test
    void aRequestDuringAStoreSwapIsServedWhenTheNextStoreBinds() throws Exception {
        TestServices.bindStore(services, first, "store");
        TestServices.unbindStore(services, first);

        CompletableFuture<RemotingCommand> answer = waitingUpTo(60_000).process(channel, request).toCompletableFuture();
        assertFalse(answer.isDone(), "waits for the next store instead of failing");
        TestServices.bindStore(services, second, "store");

        assertSame(ok, answer.get(5, TimeUnit.SECONDS));
        assertEquals(2, calls.get(), "run once, then once more after the swap");
    }

    @Test
    void pastTheBoundTheRequestGetsTodaysRefusal() throws Exception {
        TestServices.bindStore(services, first, "store");
        TestServices.unbindStore(services, first);

        CompletableFuture<RemotingCommand> answer = waitingUpTo(100).process(channel, request).toCompletableFuture();
        ExecutionException e = assertThrows(ExecutionException.class, () -> answer.get(5, TimeUnit.SECONDS));
        RequestException refusal = (RequestException) e.getCause();
        assertEquals(ResponseCode.SYSTEM_BUSY, refusal.responseCode());
        assertTrue(refusal.remark().contains("STORE_NOT_BOUND"), refusal.remark());
        assertEquals(1, calls.get(), "not run again without a store");
    }

    @Test
    void withoutASwapTheRefusalIsImmediate() {
        // Never bound: nothing is being swapped, so nobody waits for it.
        RequestException e = assertThrows(RequestException.class, () -> waitingUpTo(60_000).process(channel, request));
        assertEquals(ResponseCode.SYSTEM_BUSY, e.responseCode());
    }

    @Test
    void aFailedStageOfAReadIsRunAgainAfterTheSwap() throws Exception {
        TestServices.bindStore(services, first, "store");
        RequestProcessor failsLater = (ch, req) -> {
            if (calls.incrementAndGet() == 1) {
                TestServices.unbindStore(services, first); // the store leaves while the read is held
                return CompletableFuture.failedFuture(new RequestException(ResponseCode.SERVICE_NOT_AVAILABLE, "no message store is bound"));
            }
            return CompletableFuture.completedFuture(ok);
        };
        CompletableFuture<RemotingCommand> answer = SwapWait.of(failsLater, services.store(), () -> 60_000, executor, true)
                .process(channel, request).toCompletableFuture();
        assertFalse(answer.isDone());
        TestServices.bindStore(services, second, "store");

        assertSame(ok, answer.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aFailedStageOfAWriteIsNotRunAgain() throws Exception {
        TestServices.bindStore(services, first, "store");
        RequestProcessor appendedThenFailed = (ch, req) -> {
            calls.incrementAndGet();
            TestServices.unbindStore(services, first);
            return CompletableFuture.failedFuture(new RequestException(ResponseCode.SYSTEM_ERROR, "not made durable"));
        };
        CompletableFuture<RemotingCommand> answer = SwapWait.of(appendedThenFailed, services.store(), () -> 60_000, executor, false)
                .process(channel, request).toCompletableFuture();

        ExecutionException e = assertThrows(ExecutionException.class, () -> answer.get(5, TimeUnit.SECONDS));
        assertEquals(ResponseCode.SYSTEM_ERROR, ((RequestException) e.getCause()).responseCode());
        assertEquals(1, calls.get(), "a stored message is never stored twice");
    }
}
