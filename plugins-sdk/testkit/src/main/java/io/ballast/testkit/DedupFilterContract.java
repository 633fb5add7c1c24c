package io.ballast.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.spi.dedup.DedupFilter;
import io.ballast.spi.dedup.DeliveryCandidate;
import io.ballast.spi.message.Message;
import io.ballast.spi.message.MessageProperties;
import io.ballast.spi.store.AppendResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite for a {@link DedupFilter}. Extend it and build the filter in
 * {@link #newFilter()} with a window of at least {@link #WINDOW_KEYS} keys and one minute: the suite
 * stores fewer keys than that, faster than that, so every key it stored must still be found.
 *
 * <p>The suite calls the filter as the broker's send path does: {@code findOriginal}, then, if that
 * found nothing, {@code stored} after the append or {@code appendFailed} if it stored nothing.
 *
 * <p>What it checks, the two sides of "dedup never loses a message":
 * <ul>
 *   <li>it never reports a non-duplicate: a key never stored, or a message without a key, has no
 *       original, and a pull candidate whose key was never seen is delivered;</li>
 *   <li>a key whose append failed (nothing stored) is not a duplicate either, so its retry is stored;</li>
 *   <li>a stored key is found within the window, with the first append's place, queue offset and
 *       msgId (the producer of the retry is answered with them);</li>
 *   <li>both hold under concurrent sends and pulls from several threads.</li>
 * </ul>
 */
public abstract class DedupFilterContract {
    /** The store time of the suite's appends: now, so a window by time (from the store time) holds them. */
    private static final long STORED_AT = System.currentTimeMillis();

    /** The least window, in keys, a filter under test must be built with. */
    public static final int WINDOW_KEYS = 10_000;

    /** A new, empty, active filter with a window of at least {@link #WINDOW_KEYS} keys and one minute. */
    protected abstract DedupFilter newFilter();

    private static Message message(String uniqueKey, String body) {
        Map<String, String> properties = uniqueKey == null ? Map.of() : Map.of(MessageProperties.UNIQ_KEY, uniqueKey);
        return Message.builder("DedupContract", body.getBytes(StandardCharsets.UTF_8)).properties(properties).build();
    }

    /**
     * The result of the n-th append, shaped like a real one: 200 bytes at offset n * 200, stored
     * about now, and an
     * offset msgId (store host 127.0.0.1:10911, then the physical offset), so a filter may keep
     * only the location and rebuild the rest.
     */
    private static AppendResult appended(long n) {
        long physicalOffset = n * 200;
        return new AppendResult(physicalOffset, 200, n, 1, STORED_AT + n,
                List.of(String.format("7F00000100002A9F%016X", physicalOffset)));
    }

    /**
     * What of an append's result reaches the client or the durability wait: where it is (offset
     * and size, which the answer waits on), its queue offset and msgId. The store time is left
     * out: the client is not shown it, and a filter may keep it coarser.
     */
    private static Optional<List<Object>> answered(Optional<AppendResult> result) {
        return result.map(r -> List.of(r.physicalOffset(), r.size(), r.queueOffset(), r.messageCount(), r.messageIds()));
    }

    /** The send path as the broker runs it: look up, then record the append, or say that it failed. */
    private static Optional<AppendResult> send(DedupFilter filter, Message message, AppendResult result, boolean appendSucceeds) {
        Optional<AppendResult> original = filter.findOriginal(message);
        if (original.isEmpty()) {
            if (appendSucceeds) {
                filter.stored(message, result);
            } else {
                filter.appendFailed(message);
            }
        }
        return original;
    }

    private static String key(String prefix, long n) {
        return prefix + "-7F0000011B7E" + Long.toHexString(n).toUpperCase();
    }

    @Test
    void aKeyNeverStoredIsNotADuplicate() {
        DedupFilter filter = newFilter();
        for (int i = 0; i < 1_000; i++) {
            send(filter, message(key("stored", i), "body"), appended(i), true);
        }
        for (int i = 0; i < 1_000; i++) {
            assertEquals(Optional.empty(), send(filter, message(key("fresh", i), "body"), appended(1_000 + i), false),
                    "a message never stored reported as a duplicate");
        }
    }

    @Test
    void aMessageWithoutAUniqueKeyIsNeverADuplicate() {
        DedupFilter filter = newFilter();
        send(filter, message(null, "same body"), appended(1), true);
        assertEquals(Optional.empty(), send(filter, message(null, "same body"), appended(2), true),
                "without a UNIQ_KEY equal bodies are two messages");
    }

    @Test
    void aKeyWhoseAppendFailedIsNotADuplicate() {
        DedupFilter filter = newFilter();
        Message first = message(key("failed", 1), "body");
        assertEquals(Optional.empty(), send(filter, first, appended(1), false));
        assertEquals(Optional.empty(), send(filter, message(key("failed", 1), "the retry"), appended(2), true),
                "nothing was stored by the first send, so its retry is no duplicate");
        assertEquals(answered(Optional.of(appended(2))), answered(filter.findOriginal(message(key("failed", 1), "a second retry"))),
                "the retry's own append is the original now");
    }

    @Test
    void aStoredKeyIsFoundWithTheOriginalResult() {
        DedupFilter filter = newFilter();
        for (int i = 0; i < 1_000; i++) {
            send(filter, message(key("k", i), "first"), appended(i), true);
        }
        for (int i = 0; i < 1_000; i++) {
            assertEquals(answered(Optional.of(appended(i))), answered(filter.findOriginal(message(key("k", i), "the retry"))),
                    "a retry within the window must get the first append's result");
        }
    }

    @Test
    void aPullCandidateNeverSeenIsDelivered() {
        DedupFilter filter = newFilter();
        for (long offset = 0; offset < 1_000; offset++) {
            assertTrue(filter.shouldDeliver(new DeliveryCandidate("group", "DedupContract", 0, offset, key("p", offset), offset)),
                    "a message the group never had was filtered out");
            assertTrue(filter.shouldDeliver(new DeliveryCandidate("group", "DedupContract", 1, offset, null, -1)),
                    "a message without a key was filtered out");
        }
    }

    @Test
    void concurrentSendsAndPullsNeitherLoseNorInventDuplicates() throws Exception {
        DedupFilter filter = newFilter();
        int threads = 4;
        int perThread = 1_000;
        ExecutorService workers = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(workers.submit(() -> {
                    int wrong = 0;
                    for (int i = 0; i < perThread; i++) {
                        long n = (long) thread * perThread + i;
                        String unique = key("c", n);
                        if (send(filter, message(unique, "first"), appended(n), true).isPresent()) {
                            wrong++; // invented: nobody stored it yet
                        }
                        if (!answered(filter.findOriginal(message(unique, "retry"))).equals(answered(Optional.of(appended(n))))) {
                            wrong++; // lost, or another message's result
                        }
                        if (!filter.shouldDeliver(new DeliveryCandidate("g" + thread, "DedupContract", thread, i, key("never", n), i))) {
                            wrong++;
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<Integer> result : results) {
                assertEquals(0, result.get(Bounded.LIMIT.toSeconds(), TimeUnit.SECONDS),
                        "lookups that invented or lost a duplicate under concurrent calls");
            }
            // A retry usually arrives on another connection, so on another thread than the first send.
            int lost = 0;
            for (long n = 0; n < (long) threads * perThread; n++) {
                if (!answered(filter.findOriginal(message(key("c", n), "retry on another thread"))).equals(answered(Optional.of(appended(n))))) {
                    lost++;
                }
            }
            assertEquals(0, lost, "keys stored on one thread and not found from another");
        } finally {
            workers.shutdownNow();
        }
    }
}
