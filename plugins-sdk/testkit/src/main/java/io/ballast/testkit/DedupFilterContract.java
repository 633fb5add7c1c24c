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
 * <p>What it checks, the two sides of "dedup never loses a message":
 * <ul>
 *   <li>it never reports a non-duplicate: a key never stored, or a message without a key, has no
 *       original, and a pull candidate whose key was never seen is delivered;</li>
 *   <li>a stored key is found within the window, with the very result the first append had (the
 *       producer of the retry is answered with it);</li>
 *   <li>both hold under concurrent sends and pulls from several threads.</li>
 * </ul>
 */
public abstract class DedupFilterContract {
    /** The least window, in keys, a filter under test must be built with. */
    public static final int WINDOW_KEYS = 10_000;

    /** A new, empty, active filter with a window of at least {@link #WINDOW_KEYS} keys and one minute. */
    protected abstract DedupFilter newFilter();

    private static Message message(String uniqueKey, String body) {
        Map<String, String> properties = uniqueKey == null ? Map.of() : Map.of(MessageProperties.UNIQ_KEY, uniqueKey);
        return Message.builder("DedupContract", body.getBytes(StandardCharsets.UTF_8)).properties(properties).build();
    }

    private static AppendResult appended(long n) {
        return new AppendResult(n * 200, 200, n, 1, 1_700_000_000_000L + n, List.of(String.format("%032X", n)));
    }

    private static String key(String prefix, long n) {
        return prefix + "-7F0000011B7E" + Long.toHexString(n).toUpperCase();
    }

    @Test
    void aKeyNeverStoredIsNotADuplicate() {
        DedupFilter filter = newFilter();
        for (int i = 0; i < 1_000; i++) {
            filter.stored(message(key("stored", i), "body"), appended(i));
        }
        for (int i = 0; i < 1_000; i++) {
            assertEquals(Optional.empty(), filter.findOriginal(message(key("fresh", i), "body")),
                    "a message never stored reported as a duplicate");
        }
    }

    @Test
    void aMessageWithoutAUniqueKeyIsNeverADuplicate() {
        DedupFilter filter = newFilter();
        filter.stored(message(null, "same body"), appended(1));
        assertEquals(Optional.empty(), filter.findOriginal(message(null, "same body")),
                "without a UNIQ_KEY equal bodies are two messages");
    }

    @Test
    void aStoredKeyIsFoundWithTheOriginalResult() {
        DedupFilter filter = newFilter();
        for (int i = 0; i < 1_000; i++) {
            filter.stored(message(key("k", i), "first"), appended(i));
        }
        for (int i = 0; i < 1_000; i++) {
            assertEquals(Optional.of(appended(i)), filter.findOriginal(message(key("k", i), "the retry")),
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
                        if (filter.findOriginal(message(unique, "first")).isPresent()) {
                            wrong++; // invented: nobody stored it yet
                        }
                        filter.stored(message(unique, "first"), appended(n));
                        if (!filter.findOriginal(message(unique, "retry")).equals(Optional.of(appended(n)))) {
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
                if (!filter.findOriginal(message(key("c", n), "retry on another thread")).equals(Optional.of(appended(n)))) {
                    lost++;
                }
            }
            assertEquals(0, lost, "keys stored on one thread and not found from another");
        } finally {
            workers.shutdownNow();
        }
    }
}
