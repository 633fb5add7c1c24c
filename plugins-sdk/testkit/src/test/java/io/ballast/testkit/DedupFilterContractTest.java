package io.ballast.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.spi.dedup.DedupFilter;
import io.ballast.spi.dedup.DeliveryCandidate;
import io.ballast.spi.message.Message;
import io.ballast.spi.store.AppendResult;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The dedup suite passes a correct filter and catches one that invents duplicates or keeps what one thread stored from the others. */
class DedupFilterContractTest {

    /** Correct and minimal (unbounded, so only for this test): a concurrent map from key to first result. */
    static class KeyTableFilter implements DedupFilter {
        final Map<String, AppendResult> table;

        KeyTableFilter(Map<String, AppendResult> table) {
            this.table = table;
        }

        @Override
        public Optional<AppendResult> findOriginal(Message message) {
            return message.uniqueKey() == null ? Optional.empty() : Optional.ofNullable(table.get(message.uniqueKey()));
        }

        @Override
        public void stored(Message message, AppendResult result) {
            if (message.uniqueKey() != null) {
                table.putIfAbsent(message.uniqueKey(), result);
            }
        }

        @Override
        public boolean shouldDeliver(DeliveryCandidate candidate) {
            return true;
        }
    }

    static final class CorrectSuite extends DedupFilterContract {
        @Override
        protected DedupFilter newFilter() {
            return new KeyTableFilter(new ConcurrentHashMap<>());
        }
    }

    /** Compares keys by their last characters only, like a table indexed by a short hash: distinct messages collide. */
    static final class PrefixSuite extends DedupFilterContract {
        @Override
        protected DedupFilter newFilter() {
            return new KeyTableFilter(new ConcurrentHashMap<>()) {
                @Override
                public Optional<AppendResult> findOriginal(Message message) {
                    String key = message.uniqueKey();
                    return key == null ? Optional.empty() : table.entrySet().stream()
                            .filter(e -> e.getKey().regionMatches(e.getKey().length() - 3, key, key.length() - 3, 3)).map(Map.Entry::getValue).findFirst();
                }
            };
        }
    }

    /** Right on one thread, but each thread has its own table: a retry on another connection is stored twice. */
    static final class UnsafeSuite extends DedupFilterContract {
        @Override
        protected DedupFilter newFilter() {
            ThreadLocal<Map<String, AppendResult>> tables = ThreadLocal.withInitial(HashMap::new);
            return new KeyTableFilter(Map.of()) {
                @Override
                public Optional<AppendResult> findOriginal(Message message) {
                    return message.uniqueKey() == null ? Optional.empty() : Optional.ofNullable(tables.get().get(message.uniqueKey()));
                }

                @Override
                public void stored(Message message, AppendResult result) {
                    tables.get().putIfAbsent(message.uniqueKey(), result);
                }
            };
        }
    }

    @Test
    void aCorrectFilterPassesEveryTest() {
        SuiteRun run = SuiteRun.of(CorrectSuite.class);
        assertEquals(Set.of(), run.failed(), run.toString());
        assertEquals(6, run.passed().size(), run.toString());
    }

    @Test
    void aFilterThatReportsANonDuplicateFails() {
        SuiteRun run = SuiteRun.of(PrefixSuite.class);
        assertTrue(run.failed().contains("aKeyNeverStoredIsNotADuplicate"), run.toString());
    }

    @Test
    void aFilterWhoseStoresOtherThreadsCannotSeeFails() {
        SuiteRun run = SuiteRun.of(UnsafeSuite.class);
        assertEquals(Set.of("concurrentSendsAndPullsNeitherLoseNorInventDuplicates"), run.failed(), run.toString());
    }
}
