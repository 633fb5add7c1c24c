package io.ballast.broker.server;

import io.ballast.broker.ServiceBinding;
import io.ballast.broker.config.BrokerKey;
import io.ballast.remoting.RemotingChannel;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestProcessor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * Lets the requests of a processor ride out a swap of the service they need: a request that fails
 * while that service's binding is {@link ServiceBinding#swapping() swapping} (it had an
 * implementation and has none now) is run once more when the next implementation is bound,
 * instead of being refused. If none is bound within the wait ({@code serviceSwapWaitMillis}), or
 * the request fails for the same reason again, it gets the answer of its failure as before.
 *
 * <p>The wait holds no thread: the retry is scheduled on {@code executor} when the binding
 * completes the wait. A request that fails while the binding is not swapping is answered at once.
 * A failure for another reason during a swap (an unknown topic) is merely answered late.
 *
 * <p>Only processors whose work is harmless to repeat up to the failure may be wrapped: a send
 * fails on a missing store before it appends, so its synchronous failures are retried; its
 * failed stages (a durability wait after the append) are not, or a retry could store the message
 * twice. Reads (pulls, offsets) retry their failed stages too: a held pull that wakes up with no
 * store bound runs again whole.
 */
public final class SwapWait implements RequestProcessor {
    private final RequestProcessor processor;
    private final ServiceBinding<?> binding;
    private final LongSupplier maxWaitMillis;
    private final Executor executor;
    private final boolean retryFailedStages;

    private SwapWait(RequestProcessor processor, ServiceBinding<?> binding, LongSupplier maxWaitMillis, Executor executor,
                     boolean retryFailedStages) {
        this.processor = processor;
        this.binding = binding;
        this.maxWaitMillis = maxWaitMillis;
        this.executor = executor;
        this.retryFailedStages = retryFailedStages;
    }

    /** A write on the store: retried only when it failed before answering with a stage. */
    public static SwapWait beforeWriting(BrokerContext context, RequestProcessor processor) {
        return new SwapWait(processor, context.services().store(), () -> swapWaitMillis(context), context.scheduler(), false);
    }

    /** A read of the store: retried also when its stage failed. */
    public static SwapWait reading(BrokerContext context, RequestProcessor processor) {
        return new SwapWait(processor, context.services().store(), () -> swapWaitMillis(context), context.scheduler(), true);
    }

    static SwapWait of(RequestProcessor processor, ServiceBinding<?> binding, LongSupplier maxWaitMillis, Executor executor,
                       boolean retryFailedStages) {
        return new SwapWait(processor, binding, maxWaitMillis, executor, retryFailedStages);
    }

    public static long swapWaitMillis(BrokerContext context) {
        return context.settings().current().number(BrokerKey.SERVICE_SWAP_WAIT_MILLIS);
    }

    @Override
    public CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request) throws Exception {
        CompletionStage<RemotingCommand> answer;
        try {
            answer = processor.process(channel, request);
        } catch (Exception e) {
            if (!binding.swapping()) {
                throw e;
            }
            return retryAfterSwap(channel, request, e);
        }
        if (!retryFailedStages || answer == null) {
            return answer;
        }
        return answer.handle((response, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(response);
            }
            if (!binding.swapping()) {
                return CompletableFuture.<RemotingCommand>failedFuture(failure);
            }
            return retryAfterSwap(channel, request, failure);
        }).thenCompose(stage -> stage);
    }

    private CompletionStage<RemotingCommand> retryAfterSwap(RemotingChannel channel, RemotingCommand request, Throwable first) {
        return binding.await(maxWaitMillis.getAsLong()).thenComposeAsync(next -> {
            if (next.isEmpty()) {
                return CompletableFuture.failedFuture(unwrap(first)); // past the bound: the refusal of today
            }
            try {
                CompletionStage<RemotingCommand> again = processor.process(channel, request);
                return again == null ? CompletableFuture.completedFuture(null) : again;
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        }, executor);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
