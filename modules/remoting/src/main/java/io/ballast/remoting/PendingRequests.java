package io.ballast.remoting;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The requests one connection has sent and not yet seen answered, by opaque (the only correlation
 * RocketMQ has, wire format §1.5). Each call ends exactly once: with its response, a timeout, or
 * the connection's failure; whichever removes it from the table first wins, so a late response
 * finds nothing and is dropped by the caller. Timeouts run on the connection's event loop, which
 * needs no timer thread of its own. Thread-safe.
 */
final class PendingRequests {

    private record Call(CompletableFuture<RemotingCommand> future, ScheduledFuture<?> timeout) {
    }

    private final Map<Integer, Call> calls = new ConcurrentHashMap<>();

    /** Starts waiting for the response to {@code opaque}; the future fails after {@code timeout}. */
    CompletableFuture<RemotingCommand> register(int opaque, int code, Duration timeout, EventExecutor timer) {
        CompletableFuture<RemotingCommand> future = new CompletableFuture<>();
        ScheduledFuture<?> expiry = timer.schedule(() -> fail(opaque, new TimeoutException("no response to request code "
                + code + " (opaque " + opaque + ") within " + timeout.toMillis() + " ms")),
                timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (calls.putIfAbsent(opaque, new Call(future, expiry)) != null) {
            // the counter wrapped onto a call still waiting after 2^32 requests: refuse, never mismatch
            expiry.cancel(false);
            future.completeExceptionally(new IOException("opaque " + opaque + " is still waiting for its response"));
        }
        return future;
    }

    /**
     * Completes the call {@code response} answers, handing the response over to it.
     *
     * @return false when no call waits for this opaque (timed out, or never ours): the caller
     *         still owns the response
     */
    boolean complete(RemotingCommand response) {
        Call call = calls.remove(response.opaque());
        if (call == null) {
            return false;
        }
        call.timeout.cancel(false);
        if (!call.future.complete(response)) {
            response.release(); // only if someone completed the future behind our back
        }
        return true;
    }

    void fail(int opaque, Throwable cause) {
        Call call = calls.remove(opaque);
        if (call != null) {
            call.timeout.cancel(false);
            call.future.completeExceptionally(cause);
        }
    }

    /** The connection is gone: every waiting call fails with {@code cause}. */
    void failAll(IOException cause) {
        for (Integer opaque : calls.keySet()) {
            fail(opaque, cause);
        }
    }
}
