package io.ballast.dedup;

import io.ballast.spi.store.AppendResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Identities whose first copy is being appended right now. Between findOriginal answering "not
 * seen" and stored() recording the result, a second send of the same key would otherwise find
 * nothing either and store a second copy; instead it finds the reservation and waits for the
 * first append's result (an append only copies into the page cache: microseconds). A failed
 * append releases the reservation empty, and the waiter then appends itself. Thread-safe; holds
 * one entry per send in flight.
 */
final class Reservations {
    /** Completed with the first copy's result, or with null when its append failed. */
    private final ConcurrentMap<DedupIdentity, CompletableFuture<AppendResult>> pending = new ConcurrentHashMap<>();

    /** Null if the caller now holds the reservation for {@code id}; else the holder's future. */
    CompletableFuture<AppendResult> reserve(DedupIdentity id, CompletableFuture<AppendResult> mine) {
        return pending.putIfAbsent(id, mine);
    }

    /** Ends the reservation of {@code id} (whoever holds it) with the result, or null when nothing was stored. */
    void release(DedupIdentity id, AppendResult result) {
        CompletableFuture<AppendResult> holder = pending.remove(id);
        if (holder != null) {
            holder.complete(result);
        }
    }

    /**
     * The holder's result, or null when its append failed; throws TimeoutException when the
     * holder has not finished within {@code millis}.
     */
    static AppendResult await(CompletableFuture<AppendResult> holder, long millis) throws TimeoutException {
        try {
            return holder.get(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted");
        } catch (ExecutionException e) {
            return null;
        }
    }

    int size() {
        return pending.size();
    }
}
