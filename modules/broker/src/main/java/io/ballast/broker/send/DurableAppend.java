package io.ballast.broker.send;

import io.ballast.broker.BoundServices;
import io.ballast.broker.ServiceBinding;
import io.ballast.remoting.RequestException;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.spi.dedup.DedupFilter;
import io.ballast.spi.flush.FlushPolicy;
import io.ballast.spi.message.Message;
import io.ballast.spi.message.SendStatus;
import io.ballast.spi.replication.ReplicationStrategy;
import io.ballast.spi.store.AppendResult;
import io.ballast.spi.store.MessageStore;
import io.ballast.spi.store.StoreException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Stores messages through whatever store, flush policy, replication strategy and dedup filter
 * are bound at that moment, and says when the write kept its durability promise. The append is
 * synchronous (it only copies bytes into the page cache); the flush and replication waits are
 * stages, so no thread waits for a disk or a slave.
 *
 * <p>Failures that stored nothing are {@link RequestException}s with the response code a client
 * acts on: MESSAGE_ILLEGAL (do not retry as is), SERVICE_NOT_AVAILABLE (disk full, read-only:
 * try another broker), SYSTEM_BUSY (store being swapped: retry shortly).
 *
 * <p>A flush or replication wait that <em>fails</em> (the force threw) is answered SYSTEM_ERROR,
 * not FLUSH_DISK_TIMEOUT: the bytes are in the commitlog but nothing says they will survive a
 * power cut, and the store has turned read-only. FLUSH_DISK_TIMEOUT would tell the client the
 * message is stored and stop it from retrying, so an acknowledged message could be lost;
 * SYSTEM_ERROR makes it retry on another broker, so the worst case is a duplicate.
 * Thread-safe.
 */
public final class DurableAppend {

    /** A stored message or batch and how its durability wait ended. */
    public record Appended(AppendResult result, SendStatus status) {
    }

    private final BoundServices services;
    private final BooleanSupplier replicaRequired;
    private final LongSupplier swapWaitMillis;

    /**
     * @param replicaRequired whether the broker's role promises a replica before SEND_OK
     *                        (SYNC_MASTER); with no replication strategy bound such a send is
     *                        answered SLAVE_NOT_AVAILABLE (stored, not replicated), never SEND_OK
     * @param swapWaitMillis  how long a durability wait waits for a flush policy or replication
     *                        strategy that is being swapped ({@code serviceSwapWaitMillis})
     */
    public DurableAppend(BoundServices services, BooleanSupplier replicaRequired, LongSupplier swapWaitMillis) {
        this.services = services;
        this.replicaRequired = replicaRequired;
        this.swapWaitMillis = swapWaitMillis;
    }

    /** Without waits for swapped services. */
    public DurableAppend(BoundServices services, BooleanSupplier replicaRequired) {
        this(services, replicaRequired, () -> 0);
    }

    /**
     * Appends one message unless the bound dedup filter knows it; either way the answer comes
     * once the stored copy is durable ({@code waitForDurability}) or at once.
     */
    public CompletionStage<Appended> append(Message message, boolean waitForDurability) throws RequestException {
        DedupFilter dedup = services.dedup().current().map(ServiceBinding.Bound::service).orElse(null);
        if (dedup != null) {
            AppendResult original = dedup.findOriginal(message).orElse(null);
            if (original != null) {
                // The earlier copy may still be waiting for its force: answer with the same promise.
                return durable(original, waitForDurability);
            }
        }
        AppendResult result;
        try {
            result = appendNow(List.of(message));
        } catch (RequestException e) {
            if (dedup != null) {
                dedup.appendFailed(message); // a concurrent send of the same key may be waiting for this one
            }
            throw e;
        }
        if (dedup != null) {
            dedup.stored(message, result);
        }
        return durable(result, waitForDurability);
    }

    /** Appends a batch as one run. Batches bypass dedup: the filter judges single messages. */
    public CompletionStage<Appended> appendBatch(List<Message> messages, boolean waitForDurability) throws RequestException {
        return durable(appendNow(messages), waitForDurability);
    }

    /** Appends without dedup and without waiting: for callers that wait for a whole run once. */
    public AppendResult appendNow(List<Message> messages) throws RequestException {
        MessageStore store = store();
        try {
            return messages.size() == 1 ? store.append(messages.get(0)) : store.appendBatch(messages);
        } catch (StoreException e) {
            throw refusal(e);
        }
    }

    /** The store bound now; SYSTEM_BUSY while none is (a swap in progress). */
    public MessageStore store() throws RequestException {
        return services.store().current().map(ServiceBinding.Bound::service)
                .orElseThrow(() -> new RequestException(ResponseCode.SYSTEM_BUSY,
                        "[STORE_NOT_BOUND] no message store is bound right now; retry shortly"));
    }

    static RequestException refusal(StoreException e) {
        return switch (e.reason()) {
            case MESSAGE_ILLEGAL -> new RequestException(ResponseCode.MESSAGE_ILLEGAL, "message refused by the store: " + e.getMessage());
            case DISK_FULL -> new RequestException(ResponseCode.SERVICE_NOT_AVAILABLE, "disk full, the store refuses writes: " + e.getMessage());
            case READ_ONLY -> new RequestException(ResponseCode.SERVICE_NOT_AVAILABLE, "the store is read-only after a write error: " + e.getMessage());
            case NOT_AVAILABLE -> new RequestException(ResponseCode.SYSTEM_BUSY, "[STORE_NOT_AVAILABLE] " + e.getMessage());
        };
    }

    private CompletionStage<Appended> durable(AppendResult result, boolean waitForDurability) {
        return awaitDurable(result.endOffset(), waitForDurability).thenApply(status -> new Appended(result, status));
    }

    /**
     * Completes when the bytes below {@code endOffset} are as durable as the bound flush policy
     * and replication strategy promise (each only if bound), with the combined status; at once
     * with SEND_OK when the sender asked not to wait (the flush policy is still told, so a
     * group commit covers these bytes soon).
     *
     * <p>While the flush policy or the replication strategy is being swapped (it was bound and its
     * successor is not yet), the wait first waits for the successor, bounded by
     * {@code swapWaitMillis}; past that it goes on as if none were bound, as before swaps waited.
     * The continuation then runs on the thread that bound the successor, which only registers the
     * wait with it.
     */
    public CompletionStage<SendStatus> awaitDurable(long endOffset, boolean waitForDurability) {
        if (!waitForDurability) {
            services.flush().current().ifPresent(f -> f.service().awaitDurable(endOffset)); // wakes a waiting policy
            return CompletableFuture.completedFuture(SendStatus.SEND_OK);
        }
        long maxWait = swapWaitMillis.getAsLong();
        return services.flush().await(maxWait).thenCompose(flush -> services.replication().await(maxWait)
                .thenCompose(replication -> awaitBoth(endOffset, flush.orElse(null), replication.orElse(null))));
    }

    private CompletionStage<SendStatus> awaitBoth(long endOffset, FlushPolicy flush, ReplicationStrategy replication) {
        CompletionStage<SendStatus> flushed = flush == null
                ? CompletableFuture.completedFuture(SendStatus.SEND_OK) : flush.awaitDurable(endOffset);
        CompletionStage<SendStatus> replicated = replication != null ? replication.awaitReplicated(endOffset)
                : CompletableFuture.completedFuture(replicaRequired.getAsBoolean() ? SendStatus.SLAVE_NOT_AVAILABLE : SendStatus.SEND_OK);
        return flushed.thenCombine(replicated, SendStatus::and).handle((status, failure) -> {
            if (failure != null) {
                throw new CompletionException(new RequestException(ResponseCode.SYSTEM_ERROR,
                        "written up to commitlog offset " + endOffset + " but not made durable (" + cause(failure)
                                + "); send again"));
            }
            return status;
        });
    }

    private static String cause(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t.toString();
    }
}
