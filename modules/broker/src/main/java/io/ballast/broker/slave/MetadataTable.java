package io.ballast.broker.slave;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The four tables a slave copies from its master, as the metadata watch names them on the wire
 * ({@code changed=topics,offsets}). Topics and groups change rarely and a slave without them
 * refuses reads of a new topic or group, so their changes are told at once; offsets change on
 * nearly every commit, so theirs are told at most about once per {@link #coalescing()} window.
 */
enum MetadataTable {
    TOPICS(false),
    GROUPS(false),
    OFFSETS(true),
    DELAYS(true);

    private final boolean coalescing;

    MetadataTable(boolean coalescing) {
        this.coalescing = coalescing;
    }

    /** Whether a change of this table may wait for others to join it before it is told. */
    boolean coalescing() {
        return coalescing;
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static String toWire(Collection<MetadataTable> tables) {
        return tables.stream().map(MetadataTable::wireName).collect(Collectors.joining(","));
    }

    /** Names this Ballast does not know (a newer master's tables) are skipped, not refused. */
    static Set<MetadataTable> fromWire(String names) {
        Set<MetadataTable> tables = EnumSet.noneOf(MetadataTable.class);
        if (names == null) {
            return tables;
        }
        Arrays.stream(names.split(",")).map(String::trim).forEach(name -> Arrays.stream(values())
                .filter(t -> t.wireName().equals(name)).forEach(tables::add));
        return tables;
    }
}
