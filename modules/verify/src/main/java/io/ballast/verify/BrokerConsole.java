package io.ballast.verify;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a swap scenario reads from a broker's Gogo console, in the shapes the console prints:
 *
 * <pre>
 *   ballast:services   SERVICE      ACTIVE                               RANKING  ALTERNATIVES
 *                      store        io.ballast.store.StoreComponent      0        -
 *   lb -s              38|Active     |    3|io.ballast.store-commitlog (0.1.0.SNAPSHOT)|0.1.0.SNAPSHOT
 *   lb -l              38|Active     |    3|file:/…/system/store-commitlog-0.1.0-SNAPSHOT.jar|0.1.0.SNAPSHOT
 * </pre>
 */
final class BrokerConsole {
    /** How long a swap may take to show in the console before the scenario gives up on it. */
    static final Duration SWAP_LIMIT = Duration.ofSeconds(30);

    /** One installed bundle: its id, state, version and where the framework reads it from. */
    record Bundle(long id, String state, String version, String location) {
    }

    private final Node node;

    BrokerConsole(Node node) {
        this.node = node;
    }

    /** The implementation {@code ballast:services} shows bound for {@code service} ("(none)" when none). */
    String active(String service) throws IOException, InterruptedException {
        String services = node.console("ballast:services");
        Matcher row = Pattern.compile("^" + Pattern.quote(service) + "\\s+(\\S+)", Pattern.MULTILINE).matcher(services);
        if (!row.find()) {
            throw new IOException(node.name() + ": ballast:services lists no " + service + ":\n" + services);
        }
        return row.group(1);
    }

    /** Waits, bounded by {@link #SWAP_LIMIT}, until the bound implementation of {@code service} satisfies {@code wanted}. */
    String awaitActive(String service, Predicate<String> wanted, String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + SWAP_LIMIT.toNanos();
        String now = active(service);
        while (!wanted.test(now)) {
            if (System.nanoTime() > deadline) {
                throw new IOException(service + " still bound to " + now + " after " + SWAP_LIMIT.toSeconds() + " s, not " + what);
            }
            Thread.sleep(200);
            now = active(service);
        }
        return now;
    }

    /** The bundle named {@code symbolicName}, from {@code lb -s} and {@code lb -l}. */
    Bundle bundle(String symbolicName) throws IOException, InterruptedException {
        String output = node.console("lb -s\nlb -l");
        Matcher named = Pattern.compile("^\\s*(\\d+)\\|\\s*(\\w+)\\s*\\|[^|]*\\|\\s*" + Pattern.quote(symbolicName) + "\\s*\\(([^)]*)\\)",
                Pattern.MULTILINE).matcher(output);
        if (!named.find()) {
            throw new IOException(node.name() + ": lb -s lists no " + symbolicName);
        }
        long id = Long.parseLong(named.group(1));
        Matcher located = Pattern.compile("^\\s*" + id + "\\|[^|]*\\|[^|]*\\|\\s*([^|\\s]+)", Pattern.MULTILINE).matcher(output);
        String location = "";
        while (located.find()) {
            if (located.group(1).contains(":/")) {
                location = located.group(1);
            }
        }
        return new Bundle(id, named.group(2), named.group(3), location);
    }

    /** Waits, bounded, until {@code symbolicName} is Active at {@code version}. */
    Bundle awaitBundle(String symbolicName, String version) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + SWAP_LIMIT.toNanos();
        Bundle now = bundle(symbolicName);
        while (!(now.state().equals("Active") && now.version().equals(version))) {
            if (System.nanoTime() > deadline) {
                throw new IOException(symbolicName + " is " + now.state() + " at " + now.version() + " after " + SWAP_LIMIT.toSeconds()
                        + " s, not Active at " + version);
            }
            Thread.sleep(200);
            now = bundle(symbolicName);
        }
        return now;
    }
}
