package io.ballast.namesrv;

import java.util.Map;

/** The body of GET_KVLIST_BY_NAMESPACE (and of a REGISTER_BROKER answer), upstream's {@code {"table":{k:v}}}. */
record KvTable(Map<String, String> table) {
    KvTable {
        table = table == null ? Map.of() : Map.copyOf(table);
    }
}
