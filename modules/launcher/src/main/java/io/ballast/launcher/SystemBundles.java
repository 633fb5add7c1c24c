package io.ballast.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * Installs every jar in {@code system/} and marks it to start at its {@link StartLevels level},
 * unless it belongs to a server role this JVM does not run: a bundle's {@value #ROLE_HEADER} header
 * names its role (broker or namesrv), and a name-server-only JVM leaves the store and the other
 * broker bundles installed but stopped, so it never opens or preallocates a store.
 */
final class SystemBundles {
    static final String ROLE_HEADER = "Ballast-Role";

    private SystemBundles() {
    }

    static List<Bundle> install(BundleContext context, Path system, Set<String> roles) throws LauncherException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(system)) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new LauncherException("cannot list " + system + ": " + e.getMessage(), e);
        }
        if (jars.isEmpty()) {
            throw new LauncherException("no bundles in " + system);
        }
        List<Bundle> bundles = new java.util.ArrayList<>(jars.size());
        for (Path jar : jars) {
            try {
                bundles.add(context.installBundle(jar.toUri().toString()));
            } catch (BundleException e) {
                throw new LauncherException("cannot install " + jar.getFileName() + ": " + e.getMessage(), e);
            }
        }
        for (Bundle bundle : bundles) {
            bundle.adapt(BundleStartLevel.class).setStartLevel(StartLevels.of(bundle.getSymbolicName()));
            if (bundle.getHeaders().get("Fragment-Host") == null && runsIn(bundle, roles)) {
                try {
                    // The framework is still at level 0: this only records that the bundle starts
                    // when its level is reached.
                    bundle.start();
                } catch (BundleException e) {
                    throw new LauncherException("cannot start " + bundle.getSymbolicName() + ": " + e.getMessage(), e);
                }
            }
        }
        return bundles;
    }

    /** Whether the bundle belongs in a JVM of these roles: it names none of its own, or one of them. */
    static boolean runsIn(Bundle bundle, Set<String> roles) {
        String role = bundle.getHeaders().get(ROLE_HEADER);
        return role == null || role.isBlank() || roles.contains(role.trim());
    }
}
