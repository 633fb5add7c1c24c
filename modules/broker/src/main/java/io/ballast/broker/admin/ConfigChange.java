package io.ballast.broker.admin;

import io.ballast.broker.config.BrokerKey;
import io.ballast.broker.config.BrokerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What an UPDATE_BROKER_CONFIG asks for, sorted by the {@link BrokerKey} catalog into the keys
 * that apply at once, those that apply after a restart, and those Ballast does not read (stored,
 * so a broker.conf round-trips, but unused). The remark says so, so an operator is never left
 * believing a key took effect.
 */
record ConfigChange(Map<String, String> changes, List<String> live, List<String> restart, List<String> unknown,
                    List<String> problems) {

    static ConfigChange of(Map<String, String> changes) {
        Map<String, String> sorted = new TreeMap<>(changes);
        List<String> live = new ArrayList<>();
        List<String> restart = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String key : sorted.keySet()) {
            Optional<BrokerKey> known = BrokerKey.named(key);
            if (known.isEmpty()) {
                unknown.add(key);
            } else if (known.get().applies() == BrokerKey.Applies.LIVE) {
                live.add(key);
            } else {
                restart.add(key);
            }
        }
        // The settings parser is the one judge of a value: the same check a file edit gets.
        List<String> problems = BrokerSettings.of(sorted, null).problems();
        return new ConfigChange(sorted, List.copyOf(live), List.copyOf(restart), List.copyOf(unknown), problems);
    }

    /** @return why the change must be refused as a whole, or empty when it may be stored */
    Optional<String> refusal() {
        if (changes.isEmpty()) {
            return Optional.of("no key=value lines in the body; nothing changed");
        }
        if (!problems.isEmpty()) {
            return Optional.of("invalid value, nothing changed: " + String.join("; ", problems));
        }
        if (live.isEmpty() && restart.isEmpty()) {
            return Optional.of("unknown to Ballast, nothing changed: " + String.join(", ", unknown));
        }
        return Optional.empty();
    }

    /** The answer's remark: which keys took effect and how. */
    String remark() {
        List<String> parts = new ArrayList<>();
        if (!live.isEmpty()) {
            parts.add("applied live: " + String.join(", ", live));
        }
        if (!restart.isEmpty()) {
            parts.add("applies after restart: " + String.join(", ", restart));
        }
        if (!unknown.isEmpty()) {
            parts.add("unknown to Ballast (stored, unused): " + String.join(", ", unknown));
        }
        return String.join("; ", parts);
    }
}
