package io.ballast.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs a suite subclass through the JUnit Platform, as a plugin's build would, and records which of
 * its tests failed. The subclasses run this way are static nested classes, which surefire skips on
 * its own, so a broken implementation's failures never fail this module's build directly.
 */
final class SuiteRun {
    private final Set<String> passed = new TreeSet<>();
    private final Set<String> failed = new TreeSet<>();
    private final List<String> reasons = new ArrayList<>();

    static SuiteRun of(Class<?> suite) {
        SuiteRun run = new SuiteRun();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(suite)).build(),
                new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                        if (!test.isTest()) {
                            return;
                        }
                        String name = test.getDisplayName().replace("()", "");
                        switch (result.getStatus()) {
                            case SUCCESSFUL -> run.passed.add(name);
                            case FAILED -> {
                                run.failed.add(name);
                                run.reasons.add(name + ": " + result.getThrowable().map(SuiteRun::describe).orElse("?"));
                            }
                            case ABORTED -> { } // an assumption left it out: neither passed nor failed
                        }
                    }
                });
        return run;
    }

    /** The failure and where in the suite it was raised. */
    private static String describe(Throwable failure) {
        for (StackTraceElement frame : failure.getStackTrace()) {
            if (frame.getClassName().startsWith("io.ballast.testkit.")) {
                return failure + " at " + frame;
            }
        }
        return failure.toString();
    }

    Set<String> passed() {
        return passed;
    }

    Set<String> failed() {
        return failed;
    }

    @Override
    public String toString() {
        return "passed " + passed + ", failed " + reasons;
    }
}
