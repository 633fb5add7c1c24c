package io.ballast.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyWindowTest {
    private static final long NOW = 1_700_000_000_000L;

    private static DedupIdentity id(int n) {
        return DedupIdentity.of("T", 0, "KEY-" + n);
    }

    @Test
    void remembersWhereTheFirstCopyLies() {
        KeyWindow window = new KeyWindow(10, 60_000);
        window.add(id(1), 4096, 200, 3, 77, false, NOW, NOW);
        assertFalse(window.add(id(1), 9999, 200, 1, 5, false, NOW, NOW), "a later copy does not replace the first");
        KeyWindow.Location first = window.find(id(1), NOW);
        assertEquals(new KeyWindow.Location(4096, 200, 3, 77, false, NOW / 1000 * 1000), first);
        assertNull(window.find(id(2), NOW));
    }

    @Test
    void aCopyInTheRealTopicReplacesAParkedOne() {
        KeyWindow window = new KeyWindow(10, 60_000);
        window.add(id(1), 100, 50, 2, 0, true, NOW, NOW);
        assertTrue(window.add(id(1), 900, 60, 1, 8, false, NOW + 1000, NOW));
        KeyWindow.Location first = window.find(id(1), NOW);
        assertEquals(900, first.physicalOffset());
        assertFalse(first.parked());
    }

    @Test
    void evictsTheOldestWhenFull() {
        KeyWindow window = new KeyWindow(3, 60_000);
        for (int i = 0; i < 5; i++) {
            window.add(id(i), i * 100L, 10, 0, i, false, NOW, NOW);
        }
        assertEquals(3, window.size());
        assertNull(window.find(id(0), NOW));
        assertNull(window.find(id(1), NOW));
        for (int i = 2; i < 5; i++) {
            assertEquals(i, window.find(id(i), NOW).queueOffset());
        }
    }

    @Test
    void forgetsKeysStoredBeforeTheWindow() {
        KeyWindow window = new KeyWindow(100, 10_000);
        window.add(id(1), 0, 10, 0, 0, false, NOW, NOW);
        window.add(id(2), 10, 10, 0, 1, false, NOW + 5_000, NOW + 5_000);
        assertNotNull(window.find(id(1), NOW + 9_000));
        assertNull(window.find(id(1), NOW + 11_000), "stored 11 s ago, the window is 10 s");
        assertNotNull(window.find(id(2), NOW + 11_000));
        assertEquals(1, window.size());
    }

    /** Eviction shifts probe runs back; a reference map checks no key is lost or invented on the way. */
    @Test
    void agreesWithAReferenceMapOverManyInsertsAndEvictions() {
        int capacity = 1000;
        KeyWindow window = new KeyWindow(capacity, Long.MAX_VALUE / 4);
        Map<Integer, Long> reference = new HashMap<>();
        Deque<Integer> order = new ArrayDeque<>();
        Random random = new Random(42);
        for (int n = 0; n < 50_000; n++) {
            int key = random.nextInt(5_000);
            boolean added = window.add(id(key), n, 1, 0, n, false, NOW, NOW);
            assertEquals(!reference.containsKey(key), added, "key " + key);
            if (added) {
                if (order.size() == capacity) {
                    reference.remove(order.removeFirst());
                }
                order.addLast(key);
                reference.put(key, (long) n);
            }
        }
        for (int key = 0; key < 5_000; key++) {
            KeyWindow.Location found = window.find(id(key), NOW);
            Long expected = reference.get(key);
            assertEquals(expected, found == null ? null : found.physicalOffset(), "key " + key);
        }
    }

    @Test
    void identityTellsTopicsAndRetryCountsApart() {
        assertEquals(DedupIdentity.of("T", 0, "K"), DedupIdentity.of("T", 0, "K"));
        assertFalse(DedupIdentity.of("T", 0, "K").equals(DedupIdentity.of("U", 0, "K")));
        assertFalse(DedupIdentity.of("T", 0, "K").equals(DedupIdentity.of("T", 1, "K")));
        assertFalse(DedupIdentity.of("TK", 0, "").equals(DedupIdentity.of("T", 0, "K")));
    }
}
