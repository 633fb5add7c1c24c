package io.ballast.spi.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MessagePropertiesTest {

    @Test
    void encodesInTheClientsByteLayout() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("UNIQ_KEY", "AC11");
        p.put("TAGS", "a");
        assertEquals("UNIQ_KEY\u0001AC11\u0002TAGS\u0001a\u0002", MessageProperties.encode(p));
    }

    @Test
    void leavesOutPairsWithAnEmptyNameOrValue() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("", "x");
        p.put("KEYS", "");
        p.put("TAGS", "t");
        assertEquals("TAGS\u0001t\u0002", MessageProperties.encode(p));
    }

    @Test
    void decodeSkipsMalformedPairsAndKeepsTheRest() {
        String encoded = "nosep\u0002\u0001novalue\u0002TAGS\u0001t\u0002KEYS\u0001\u0002last\u0001v";
        assertEquals(Map.of("TAGS", "t", "last", "v"), MessageProperties.decode(encoded));
    }

    @Test
    void randomPropertiesSurviveARoundTrip() {
        Random random = new Random(42);
        for (int round = 0; round < 1_000; round++) {
            Map<String, String> p = new LinkedHashMap<>();
            int n = random.nextInt(6);
            for (int i = 0; i < n; i++) {
                p.put(word(random, 1 + random.nextInt(12)), word(random, 1 + random.nextInt(40)));
            }
            assertEquals(p, MessageProperties.decode(MessageProperties.encode(p)));
        }
    }

    @Test
    void sendStatusCombinesToTheWeakerGuarantee() {
        assertEquals(SendStatus.SEND_OK, SendStatus.SEND_OK.and(SendStatus.SEND_OK));
        assertEquals(SendStatus.FLUSH_DISK_TIMEOUT, SendStatus.SEND_OK.and(SendStatus.FLUSH_DISK_TIMEOUT));
        assertEquals(SendStatus.FLUSH_SLAVE_TIMEOUT, SendStatus.FLUSH_SLAVE_TIMEOUT.and(SendStatus.SEND_OK));
        assertEquals(SendStatus.FLUSH_SLAVE_TIMEOUT, SendStatus.FLUSH_DISK_TIMEOUT.and(SendStatus.FLUSH_SLAVE_TIMEOUT));
        assertEquals(SendStatus.SLAVE_NOT_AVAILABLE, SendStatus.SLAVE_NOT_AVAILABLE.and(SendStatus.FLUSH_DISK_TIMEOUT));
    }

    private static String word(Random random, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            // Any character but the two separators, including non-ASCII.
            char c;
            do {
                c = (char) (random.nextBoolean() ? 'a' + random.nextInt(26) : 0x20 + random.nextInt(0x3000));
            } while (c == 1 || c == 2 || Character.isSurrogate(c));
            sb.append(c);
        }
        return sb.toString();
    }
}
