package io.ballast.itest.osgi;

import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The distribution's bundle set, booted in Felix the way the launcher boots it, comes up whole.
 * The test methods run inside the framework (in Pax Exam's probe bundle); the configuration
 * method runs on the host.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class) // one framework for all checks: they only read its state
public class BundleSetIT {
    private static final String BOUND_SERVICES = "io.ballast.broker.BoundServices";
    private static final String ROUTING_POLICY = "io.ballast.spi.routing.RoutingPolicy";
    private static final String DEFAULT_ROUTING = "io.ballast.routing.SlaveReadRouting";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] configuration() {
        String work = System.getProperty("ballast.itest.work");
        return options(
                ProductBundles.all(),
                junitBundles(),
                cleanCaches(),
                // Framework storage under target/, not the system temp folder.
                workingDirectory(work + "/pax-exam"),
                // Above the product's highest level (3), so every product bundle has started
                // before the probe runs; Pax Exam's own bundles sit at 2 and 5.
                frameworkStartLevel(org.ops4j.pax.exam.Constants.START_LEVEL_TEST_BUNDLE),
                // Failsafe's properties reach the native container anyway; passing them as
                // options keeps the test correct in a forked container too (pitfall 9).
                systemProperty("logback.configurationFile").value(System.getProperty("logback.configurationFile")),
                // The launcher's settings that matter in a test JVM: Gogo must not read stdin
                // (Failsafe talks to its fork over it); FileInstall must not watch ./load or
                // hold shutdown for its 2 s default poll (pitfall 11).
                frameworkProperty("gosh.args").value("--nointeractive"),
                // The instance's base, as the launcher sets it: the store's relative
                // storePathRootDir (data/store) lands under target/, not in the source tree.
                frameworkProperty("ballast.base").value(work + "/base"),
                frameworkProperty("felix.fileinstall.dir").value(work + "/etc"),
                frameworkProperty("felix.fileinstall.poll").value("100"),
                frameworkProperty("felix.fileinstall.noInitialDelay").value("true"));
    }

    @Test
    public void everyBundleIsActive() throws InterruptedException {
        List<String> problems = Eventually.problems(() -> BundleStates.notRunning(context));
        assertTrue("bundles not running:\n  " + String.join("\n  ", problems), problems.isEmpty());
    }

    @Test
    public void noComponentIsUnsatisfiedOrFailed() throws InterruptedException {
        List<String> problems = Eventually.problems(() -> ComponentStates.broken(context));
        assertTrue("components that cannot run:\n  " + String.join("\n  ", problems), problems.isEmpty());
    }

    @Test
    public void brokerBindsTheDefaultRoutingPolicy() throws InterruptedException {
        List<String> problems = Eventually.problems(this::defaultRoutingProblems);
        assertTrue(String.join("; ", problems), problems.isEmpty());
    }

    @Test
    public void slf4jIsBoundToLogback() {
        String factory = LoggingBinding.loggerFactoryClass();
        assertTrue("slf4j is bound to " + factory + ", not logback: something logged before logback started",
                factory.startsWith("ch.qos.logback."));
    }

    @Test
    public void slf4jHasASingleExporter() {
        // Pax Exam's default pax-logging-api would export org.slf4j too (pax.exam.logging=none
        // keeps it out); with two exporters the broker and this probe could see different
        // LoggerFactory classes, and the logging check above would prove nothing.
        List<String> exporters = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            BundleWiring wiring = bundle.adapt(BundleWiring.class);
            if (wiring == null) {
                continue; // not resolved: everyBundleIsActive reports it
            }
            for (BundleCapability export : wiring.getCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
                if ("org.slf4j".equals(export.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE))) {
                    exporters.add(bundle.getSymbolicName() + " " + export.getAttributes().get("version"));
                }
            }
        }
        // slf4j-api exports org.slf4j twice, as 2.x and as 1.7.36 for 1.x importers; one bundle.
        assertTrue("org.slf4j exporters: " + exporters,
                !exporters.isEmpty() && exporters.stream().allMatch(e -> e.startsWith("slf4j.api ")));
    }

    /** What is missing for "the broker uses SlaveReadRouting"; empty when nothing is. */
    private List<String> defaultRoutingProblems() {
        List<String> problems = new ArrayList<>();
        ServiceReference<?> bound = context.getServiceReference(BOUND_SERVICES);
        if (bound == null) {
            problems.add("no " + BOUND_SERVICES + " service: the broker core is not running");
        }
        ServiceReference<?>[] routing;
        try {
            routing = context.getServiceReferences(ROUTING_POLICY, "(component.name=" + DEFAULT_ROUTING + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (routing == null) {
            problems.add("no " + ROUTING_POLICY + " service with component.name=" + DEFAULT_ROUTING);
        } else if (bound != null) {
            // The broker's dynamic reference holds the service: its bundle is among the users.
            Bundle[] users = routing[0].getUsingBundles();
            if (users == null || !Arrays.asList(users).contains(bound.getBundle())) {
                problems.add(DEFAULT_ROUTING + " is registered but the broker (" + bound.getBundle().getSymbolicName()
                        + ") does not use it");
            }
        }
        return problems;
    }
}
