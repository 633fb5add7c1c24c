package io.ballast.itest.ha;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which replication strategy a broker's send path used over time, read from its log: the broker
 * logs the first bind of its replication service, every swap ({@code swap replication: A -> B; …})
 * and every moment it is left with none (ServiceBinding), so the last line says which strategy
 * answers sends now. An entry "none" is a moment with no strategy bound.
 */
final class ReplicationBindings {
    private static final Pattern BOUND = Pattern.compile(" - replication: bound (\\S+) ");
    private static final Pattern REBOUND = Pattern.compile(" - swap replication: .* -> (\\S+) ");
    private static final Pattern LEFT = Pattern.compile(" - replication: .* left and no other implementation is registered");
    static final String NONE = "none";

    private final Path log;

    ReplicationBindings(Path log) {
        this.log = log;
    }

    /** Every binding in order, as simple class names (AsyncReplication, SyncReplication, …) or {@link #NONE}. */
    List<String> history() throws IOException {
        List<String> bindings = new ArrayList<>();
        if (!Files.exists(log)) {
            return bindings;
        }
        for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
            Matcher bound = BOUND.matcher(line);
            Matcher rebound = REBOUND.matcher(line);
            if (bound.find()) {
                bindings.add(simpleName(bound.group(1)));
            } else if (rebound.find()) {
                bindings.add(simpleName(rebound.group(1)));
            } else if (LEFT.matcher(line).find()) {
                bindings.add(NONE);
            }
        }
        return bindings;
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
