package io.ballast.itest.osgi;

import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;

/** Which bundles are not running: a bundle should be ACTIVE, a fragment RESOLVED (attached). */
final class BundleStates {

    private BundleStates() {
    }

    static List<String> notRunning(BundleContext context) {
        List<String> problems = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            boolean fragment = bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            int wanted = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (bundle.getState() != wanted) {
                problems.add(bundle.getSymbolicName() + " " + bundle.getVersion() + " is " + name(bundle.getState())
                        + (bundle.getState() == Bundle.INSTALLED && !fragment ? ": " + resolutionError(bundle) : ""));
            }
        }
        return problems;
    }

    /**
     * Why the framework cannot resolve the bundle. Only start() reports the missing requirement;
     * the bundle is already marked to start, so asking again changes nothing persistent.
     */
    private static String resolutionError(Bundle bundle) {
        try {
            bundle.start();
            return "resolved on a second attempt";
        } catch (BundleException e) {
            return e.getMessage();
        }
    }

    static String name(int state) {
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
