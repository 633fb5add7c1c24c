package io.ballast.broker;

import io.ballast.broker.config.BrokerKey;
import io.ballast.broker.server.ConfigAdminUpdater;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code ballast:swap SERVICE IMPL} in the console. Flush and replication are chosen by the
 * broker's configuration, so the command edits etc/io.ballast.broker.cfg (through
 * {@link ConfigAdminUpdater}) and FileInstall applies it, exactly as an operator's edit would: the
 * console and etc/ never disagree. Store, dedup and routing are chosen by ranking,
 * so the command pins a registered implementation in the broker's binding (until {@code auto} or
 * a restart). Either way it waits, bounded, for the swap and prints its line.
 */
@Component(service = SwapCommand.class, property = {"osgi.command.scope=ballast", "osgi.command.function=swap"})
public final class SwapCommand {
    /** How long the command waits for a configuration change to swap the service. */
    static final long SWAP_SEEN_WITHIN_MILLIS = 10_000;
    private static final int QUORUM_FROM_REPLICAS = 3; // ha-replication's ReplicationRoleSwitch reads it so

    private final BoundServices bound;
    private final ConfigAdminUpdater configuration;

    @Activate
    public SwapCommand(@Reference BoundServices bound, @Reference ConfigurationAdmin configurationAdmin) {
        this.bound = bound;
        this.configuration = new ConfigAdminUpdater(configurationAdmin);
    }

    public String swap(String service, String implementation) throws IOException, InterruptedException {
        String role = service.toLowerCase(Locale.ROOT);
        ServiceBinding<?> binding = bound.entries().stream().map(BoundServices.Entry::binding)
                .filter(b -> b.role().equals(role)).findFirst().orElse(null);
        if (binding == null) {
            return "unknown service " + service + "; one of store, flush, replication, dedup, routing\n";
        }
        long before = binding.swapCount();
        String usedBefore = binding.current().map(ServiceBinding.Bound::implementation).orElse("");
        String done;
        if (role.equals("flush") || role.equals("replication")) {
            Map<String, String> changes;
            try {
                changes = configChanges(role, implementation, configuration.current());
            } catch (IllegalArgumentException e) {
                return e.getMessage() + "\n";
            }
            if (changes.isEmpty()) {
                return role + " already is " + implementation + " in the configuration; nothing to do\n";
            }
            Optional<Path> file = configuration.etcFile();
            configuration.update(changes);
            done = "set " + changes + " in pid io.ballast.broker; " + file
                    .map(f -> "written to " + f + ", which FileInstall applied")
                    .orElse("no etc/ file backs this configuration, so the change lasts until a restart");
        } else {
            String pin = implementation.equalsIgnoreCase("auto") ? null : implementation;
            try {
                binding.pin(pin);
            } catch (IllegalArgumentException e) {
                return e.getMessage() + "\n";
            }
            done = pin == null ? role + " follows ranking order again (until a restart)"
                    : role + " pinned to " + pin + " whatever its ranking (until `ballast:swap " + role + " auto` or a restart)";
            if (binding.swapCount() == before) { // a pin swaps at once or not at all
                return done + "\n" + role + " already uses " + binding.current().map(ServiceBinding.Bound::label).orElse("(none)") + "\n";
            }
            List<ServiceBinding.Swap> swaps = binding.swaps();
            return done + "\n" + swaps.get(swaps.size() - 1).line() + "\n";
        }
        return done + "\n" + awaitSwap(binding, before, usedBefore);
    }

    /**
     * The lines of the swaps since {@code before} once the binding uses another implementation, or
     * what it uses after waiting for that in vain. A configuration edit may also restart the
     * implementation in use (a component without a modified method), so every swap line since
     * the edit is shown, not only the last.
     */
    private static String awaitSwap(ServiceBinding<?> binding, long before, String usedBefore) throws InterruptedException {
        long deadline = System.nanoTime() + SWAP_SEEN_WITHIN_MILLIS * 1_000_000;
        while (!movedOn(binding, usedBefore) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        List<ServiceBinding.Swap> swaps = binding.swaps();
        int since = (int) Math.min(swaps.size(), binding.swapCount() - before);
        StringBuilder out = new StringBuilder();
        swaps.subList(swaps.size() - since, swaps.size()).forEach(swap -> out.append(swap.line()).append('\n'));
        if (!movedOn(binding, usedBefore)) {
            out.append("no swap to another implementation within ").append(SWAP_SEEN_WITHIN_MILLIS / 1000).append(" s; ")
                    .append(binding.role()).append(" uses ")
                    .append(binding.current().map(ServiceBinding.Bound::label).orElse("(none)")).append('\n');
        }
        return out.toString();
    }

    private static boolean movedOn(ServiceBinding<?> binding, String usedBefore) {
        return binding.current().map(b -> !b.implementation().equals(usedBefore)).orElse(false);
    }

    /**
     * The configuration keys that select {@code implementation} of {@code role}; empty when the
     * configuration already selects it.
     *
     * @throws IllegalArgumentException for an implementation word the role does not know, or a
     *                                  replication swap on a slave
     */
    static Map<String, String> configChanges(String role, String implementation, Map<String, String> current) {
        String word = implementation.toLowerCase(Locale.ROOT);
        Map<String, String> wanted = new LinkedHashMap<>();
        if (role.equals("flush")) {
            switch (word) {
                case "sync" -> wanted.put("flushDiskType", "SYNC_FLUSH");
                case "async" -> wanted.put("flushDiskType", "ASYNC_FLUSH");
                default -> throw new IllegalArgumentException("flush is sync or async, not " + implementation);
            }
        } else {
            String role0 = current.getOrDefault("brokerRole", "ASYNC_MASTER");
            if (role0.equalsIgnoreCase("SLAVE")) {
                throw new IllegalArgumentException("this broker is a SLAVE: it answers no sends and has no replication strategy");
            }
            int inSync = parseOr(current.get("inSyncReplicas"), 1);
            switch (word) {
                case "async" -> wanted.put("brokerRole", "ASYNC_MASTER");
                case "sync" -> {
                    wanted.put("brokerRole", "SYNC_MASTER");
                    if (inSync >= QUORUM_FROM_REPLICAS) {
                        wanted.put("inSyncReplicas", "2"); // master and one slave: sync, not quorum
                    }
                }
                case "quorum" -> {
                    wanted.put("brokerRole", "SYNC_MASTER");
                    if (inSync < QUORUM_FROM_REPLICAS) {
                        wanted.put("inSyncReplicas", Integer.toString(QUORUM_FROM_REPLICAS));
                    }
                }
                default -> throw new IllegalArgumentException("replication is async, sync or quorum, not " + implementation);
            }
        }
        wanted.entrySet().removeIf(e -> e.getValue().equalsIgnoreCase(current.getOrDefault(e.getKey(), defaultOf(e.getKey()))));
        return wanted;
    }

    private static String defaultOf(String key) {
        return Arrays.stream(BrokerKey.values()).filter(k -> k.key().equals(key)).map(BrokerKey::defaultValue).findFirst().orElse("");
    }

    private static int parseOr(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
