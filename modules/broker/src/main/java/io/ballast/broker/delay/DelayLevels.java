package io.ballast.broker.delay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The delay of each level, parsed from {@code messageDelayLevel} ("1s 5s 10s 30s 1m … 2h"): level
 * 1 is the first entry. Units are upstream's ms, s, m, h and d. Immutable.
 */
public final class DelayLevels {
    private final long[] millis;

    private DelayLevels(long[] millis) {
        this.millis = millis;
    }

    /**
     * @throws IllegalArgumentException naming the entry that does not parse, or when no level is given
     */
    public static DelayLevels parse(String spec) {
        List<Long> levels = new ArrayList<>();
        for (String entry : spec.trim().split("\\s+")) {
            if (!entry.isEmpty()) {
                levels.add(parseEntry(entry));
            }
        }
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("no delay level in '" + spec + "'");
        }
        return new DelayLevels(levels.stream().mapToLong(Long::longValue).toArray());
    }

    private static long parseEntry(String entry) {
        String e = entry.toLowerCase(Locale.ROOT);
        // "ms" before "m" and "s": the longest unit that matches the end wins.
        String[] units = {"ms", "s", "m", "h", "d"};
        long[] factors = {1, 1_000, 60_000, 3_600_000, 86_400_000};
        for (int i = 0; i < units.length; i++) {
            if (e.endsWith(units[i])) {
                String number = e.substring(0, e.length() - units[i].length());
                try {
                    long value = Long.parseLong(number);
                    if (value < 0) {
                        break;
                    }
                    return Math.multiplyExact(value, factors[i]);
                } catch (NumberFormatException | ArithmeticException ex) {
                    break;
                }
            }
        }
        throw new IllegalArgumentException("delay level '" + entry + "' is not a number followed by ms, s, m, h or d");
    }

    /** The highest level; a DELAY above it is served as this level, as upstream does. */
    public int maxLevel() {
        return millis.length;
    }

    /** The level a requested DELAY value is served at: {@code requested} capped at {@link #maxLevel()}. */
    public int clamp(int requested) {
        return Math.min(requested, maxLevel());
    }

    /** @param level 1 … {@link #maxLevel()} */
    public Duration delay(int level) {
        if (level < 1 || level > millis.length) {
            throw new IllegalArgumentException("delay level " + level + " is not between 1 and " + millis.length);
        }
        return Duration.ofMillis(millis[level - 1]);
    }
}
