package io.ballast.launcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Decides when the framework is ready to report: every bundle ACTIVE (fragments resolved), no DS
 * component missing a service or failed, and every expected endpoint registered. Servers announce
 * what they listen on by registering a service with the properties {@code ballast.endpoint}
 * (a name) and {@code ballast.endpoint.address} (host:port).
 */
final class Readiness implements FrameworkListener {
    static final String ENDPOINT = "ballast.endpoint";
    static final String ENDPOINT_ADDRESS = "ballast.endpoint.address";
    static final String ENDPOINT_FILTER = "(" + ENDPOINT + "=*)";

    private final BundleContext context;
    private final Set<String> expectedEndpoints;
    private final Set<String> roles;
    private final List<String> frameworkErrors = new CopyOnWriteArrayList<>();

    Readiness(BundleContext context, Set<String> expectedEndpoints, Set<String> roles) {
        this.context = context;
        this.expectedEndpoints = expectedEndpoints;
        this.roles = roles;
        context.addFrameworkListener(this);
    }

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        if (event.getType() == FrameworkEvent.ERROR) {
            Throwable t = event.getThrowable();
            String bundle = event.getBundle() == null ? "" : event.getBundle().getSymbolicName() + ": ";
            frameworkErrors.add(bundle + (t == null ? "error" : t.getMessage()));
        }
    }

    /** Waits until ready and returns the endpoints by name; fails with what is still wrong. */
    Map<String, String> await(Duration timeout) throws LauncherException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> problems;
        while (true) {
            if (!frameworkErrors.isEmpty()) {
                throw new LauncherException("framework error: " + String.join("; ", frameworkErrors));
            }
            problems = problems();
            if (problems.isEmpty()) {
                return endpoints();
            }
            if (System.nanoTime() > deadline) {
                throw new LauncherException("not ready after " + timeout.toSeconds() + " s: " + String.join("; ", problems));
            }
            Thread.sleep(20);
        }
    }

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            if (!SystemBundles.runsIn(bundle, roles)) {
                continue; // another role's bundle: installed, never started in this JVM
            }
            boolean fragment = bundle.getHeaders().get("Fragment-Host") != null;
            int wanted = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (bundle.getState() != wanted) {
                problems.add("bundle " + bundle.getSymbolicName() + " is " + stateName(bundle.getState()));
            }
        }
        List<String> components = ComponentHealth.problems(context);
        if (components == null) {
            problems.add("the Declarative Services runtime is not running");
        } else {
            problems.addAll(components);
        }
        Map<String, String> endpoints = endpoints();
        for (String name : expectedEndpoints) {
            if (!endpoints.containsKey(name)) {
                problems.add("no " + name + " endpoint yet");
            }
        }
        return problems;
    }

    Map<String, String> endpoints() {
        Map<String, String> endpoints = new TreeMap<>();
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(null, ENDPOINT_FILTER);
            if (refs != null) {
                for (ServiceReference<?> ref : refs) {
                    endpoints.put(String.valueOf(ref.getProperty(ENDPOINT)), String.valueOf(ref.getProperty(ENDPOINT_ADDRESS)));
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return endpoints;
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED (unresolved: a requirement is missing)";
            case Bundle.RESOLVED -> "RESOLVED (not started)";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> "in state " + state;
        };
    }
}
