package io.ballast.verify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A service swapped by a bundle from the distribution's {@code plugins/} dropped into the
 * master's {@code deploy/}, held, then deleted, as docs/operations.md tells an operator: dedup
 * (none → idempotent → none) and routing (slave read → a higher-ranked policy → slave read). A
 * plugin is recognised by the service its component declares (OSGI-INF/*.xml).
 *
 * <p>With the dedup plugin on, a sample of messages acknowledged while it was on is sent again,
 * the same Message objects (so with their UNIQ_KEY), as a client's retry after a lost answer: none
 * of them may reach the consumer twice.
 */
public final class PluginSwap implements Fault {
    /** How many acknowledged messages the dedup scenario resends. */
    static final int RESENDS = 500;

    private final String service;
    private final String serviceInterface;
    private final boolean resend;
    private final Duration hold;
    private final List<Long> pauses = new ArrayList<>();
    private Set<String> resentKeys = Set.of();
    private long resentOtherAnswer;

    private PluginSwap(String service, String serviceInterface, boolean resend, Duration hold) {
        this.service = service;
        this.serviceInterface = serviceInterface;
        this.resend = resend;
        this.hold = hold;
    }

    public static PluginSwap dedup(Duration hold) {
        return new PluginSwap("dedup", "io.ballast.spi.dedup.DedupFilter", true, hold);
    }

    public static PluginSwap routing(Duration hold) {
        return new PluginSwap("routing", "io.ballast.spi.routing.RoutingPolicy", false, hold);
    }

    @Override
    public String name() {
        return "swap-" + service;
    }

    @Override
    public String proves() {
        return service.equals("dedup")
                ? "the dedup plugin dropped into deploy/ and deleted again under load hands every send over (none acknowledged lost), "
                + "and while it is on a client's retry of an acknowledged message (same UNIQ_KEY) is not delivered twice"
                : "a higher-ranked routing policy dropped into deploy/ and deleted again under load: none acknowledged is lost";
    }

    @Override
    public Optional<String> unavailable(Cluster cluster) {
        Optional<String> withoutBase = cluster.withoutBallastMaster("its deploy/");
        if (withoutBase.isPresent()) {
            return withoutBase;
        }
        try {
            if (plugin(cluster.ballastMaster().get().home()).isEmpty()) {
                return Optional.of("skipped: no alternative " + service + " bundle in plugins/");
            }
        } catch (IOException e) {
            return Optional.of("skipped: cannot read plugins/: " + e.getMessage());
        }
        return Optional.empty();
    }

    @Override
    public void inject(Cluster cluster, Timeline timeline, Workload load) throws Exception {
        Node master = cluster.ballastMaster().orElseThrow();
        BrokerConsole console = new BrokerConsole(master);
        Path plugin = plugin(master.home()).orElseThrow();
        Path deployed = master.base().resolve("deploy").resolve(plugin.getFileName());
        String before = console.active(service);
        long from = timeline.now();
        try {
            SwapLines log = SwapLines.mark(master);
            // Copied next to deploy/, then renamed in: the file watcher never sees half a jar.
            Path next = master.base().resolve(plugin.getFileName() + ".verify-tmp");
            Files.copy(plugin, next, StandardCopyOption.REPLACE_EXISTING);
            Files.move(next, deployed, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            String on = console.awaitActive(service, now -> !now.equals(before), "the plugin's");
            long onAt = timeline.now();
            pauses.add(log.await(service, 1).get(0).pausedMillis());
            Thread.sleep(hold.toMillis() / 2);
            if (resend) {
                Workload.Resent resent = load.resendAcknowledged(onAt, RESENDS);
                resentKeys = resent.keys();
                resentOtherAnswer = resent.otherAnswer();
                if (!console.active(service).equals(on)) {
                    throw new IOException(service + " changed from " + on + " during the resends: they did not all go to the plugin");
                }
            }
            Thread.sleep(hold.toMillis() / 2);
        } finally {
            SwapLines log = SwapLines.mark(master);
            Files.deleteIfExists(deployed);
            console.awaitActive(service, before::equals, before);
            if (!pauses.isEmpty()) { // it did swap in, so its leaving must be logged too
                pauses.add(log.await(service, 1).get(0).pausedMillis());
            }
            timeline.span(service + ": " + plugin.getFileName(), from);
        }
    }

    @Override
    public Expectation expectation(boolean dedup, History history) {
        Expectation base = Expectation.nothingLost(dedup);
        return resend ? base.noDuplicateOf(resentKeys) : base;
    }

    @Override
    public String note() {
        if (pauses.isEmpty()) {
            return "";
        }
        String paused = "traffic paused " + pauses.stream().map(String::valueOf).reduce((a, b) -> a + " + " + b).orElse("") + " ms (on + off)";
        return resend ? paused + "; " + resentKeys.size() + " resent with their UNIQ_KEY, " + resentOtherAnswer
                + " not answered SEND_OK with the original msgId" : paused;
    }

    /** The first jar in {@code home/plugins/} whose components declare {@link #serviceInterface}. */
    Optional<Path> plugin(Path home) throws IOException {
        Path plugins = home.resolve("plugins");
        if (!Files.isDirectory(plugins)) {
            return Optional.empty();
        }
        try (Stream<Path> jars = Files.list(plugins)) {
            for (Path jar : jars.filter(j -> j.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                if (declares(jar, serviceInterface)) {
                    return Optional.of(jar);
                }
            }
        }
        return Optional.empty();
    }

    /** Whether a Declarative Services component of the jar provides {@code serviceInterface}. */
    static boolean declares(Path jar, String serviceInterface) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : Collections.list(file.entries())) {
                if (entry.getName().startsWith("OSGI-INF/") && entry.getName().endsWith(".xml")) {
                    try (InputStream in = file.getInputStream(entry)) {
                        if (new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("interface=\"" + serviceInterface + "\"")) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }
}
