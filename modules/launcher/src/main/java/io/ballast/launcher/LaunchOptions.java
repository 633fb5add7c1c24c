package io.ballast.launcher;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The launcher's command line, as {@code bin/ballast} builds it:
 * {@code --home DIR [--base DIR] [--roles namesrv,broker] [--config FILE]}.
 *
 * @param home         the unpacked distribution (holds system/ and the default etc/)
 * @param base         the instance's own folder (etc/ data/ logs/ deploy/); home by default
 * @param roles        which servers this JVM runs
 * @param brokerConfig a RocketMQ broker.conf to import into etc/ before start (-c), as given; or null
 */
record LaunchOptions(Path home, Path base, Set<String> roles, Path brokerConfig) {

    /** In start order: a broker registers with the name server, so that comes first. */
    static final List<String> KNOWN_ROLES = List.of("namesrv", "broker");

    static LaunchOptions parse(List<String> args) throws LauncherException {
        Path home = null;
        Path base = null;
        Set<String> roles = new LinkedHashSet<>(List.of("namesrv", "broker"));
        Path brokerConfig = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--home" -> home = Path.of(value(args, ++i, arg));
                case "--base" -> base = Path.of(value(args, ++i, arg));
                case "--roles" -> roles = parseRoles(value(args, ++i, arg));
                case "-c", "--config" -> brokerConfig = Path.of(value(args, ++i, arg));
                default -> throw new LauncherException("unknown option '" + arg + "' (see bin/ballast --help)");
            }
        }
        if (home == null) {
            throw new LauncherException("--home is required (bin/ballast sets it)");
        }
        home = home.toAbsolutePath().normalize();
        base = base == null ? home : base.toAbsolutePath().normalize();
        if (brokerConfig != null && !roles.contains("broker")) {
            throw new LauncherException("-c " + brokerConfig + " configures a broker, but --roles " + String.join(",", roles)
                    + " runs none: add the broker role or drop -c");
        }
        return new LaunchOptions(home, base, Set.copyOf(roles), brokerConfig);
    }

    static Set<String> parseRoles(String value) throws LauncherException {
        Set<String> roles = new LinkedHashSet<>();
        for (String role : value.split(",")) {
            String r = role.trim();
            if (r.isEmpty()) {
                continue;
            }
            if (!KNOWN_ROLES.contains(r)) {
                throw new LauncherException("unknown role '" + r + "': roles are namesrv and broker");
            }
            roles.add(r);
        }
        if (roles.isEmpty()) {
            throw new LauncherException("--roles needs at least one of namesrv, broker");
        }
        return roles;
    }

    /** The roles as the comma-separated framework property bundles read. */
    String rolesProperty() {
        return String.join(",", KNOWN_ROLES.stream().filter(roles::contains).toList());
    }

    private static String value(List<String> args, int i, String option) throws LauncherException {
        if (i >= args.size()) {
            throw new LauncherException(option + " needs a value");
        }
        return args.get(i);
    }
}
