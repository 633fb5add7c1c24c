package io.ballast.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.osgi.framework.BundleException;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * The broker process: boots Felix for one instance, waits until it is ready, records that in
 * {@code data/ballast.ready}, and on SIGTERM stops the framework so that every component is
 * deactivated in reverse start order (stores force their data on deactivation).
 *
 * <p>Exit codes: 0 after a clean stop, 1 if the framework never became ready, 2 for a reason not
 * to start that the operator can fix (printed as one line starting with {@code ballast:}).
 */
public final class Ballast {
    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final LaunchOptions options;
    private Framework framework;
    private InstanceLock lock;
    private Path readyFile;
    private volatile boolean stopping;

    private Ballast(LaunchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        int code;
        try {
            code = new Ballast(LaunchOptions.parse(List.of(args))).run();
        } catch (LauncherException e) {
            System.err.println("ballast: " + e.getMessage());
            code = 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = 1;
        }
        System.exit(code);
    }

    private int run() throws LauncherException, InterruptedException {
        InstanceDirs dirs = InstanceDirs.prepare(options.home(), options.base());
        lock = InstanceLock.acquire(dirs.data());
        try {
            if (options.brokerConfig() != null) {
                BrokerConf.importInto(options.brokerConfig(), dirs.etc());
                System.out.println("ballast: broker configuration from " + options.brokerConfig() + " written to etc/"
                        + BrokerConf.ETC_FILE);
            }
            PortCheck.requireFree(dirs.etc(), PortCheck.listeners(options.roles()));
            readyFile = dirs.data().resolve("ballast.ready");
            deleteReadyFile();
            // Read by etc/logback.xml inside the framework (logback looks these up itself).
            System.setProperty("logback.configurationFile", dirs.etc().resolve("logback.xml").toString());
            System.setProperty("ballast.logs", dirs.logs().toString());

            framework = ServiceLoader.load(FrameworkFactory.class).findFirst()
                    .orElseThrow(() -> new LauncherException("no OSGi framework on the class path (lib/ is incomplete)"))
                    .newFramework(FrameworkConfig.of(dirs, options));
            framework.init();
            Readiness readiness = new Readiness(framework.getBundleContext(),
                    expectedEndpoints(options.roles()), options.roles());
            SystemBundles.install(framework.getBundleContext(), dirs.system(), options.roles());
            Runtime.getRuntime().addShutdownHook(new Thread(this::stopOnSignal, "ballast-shutdown"));
            framework.start();

            Map<String, String> endpoints;
            try {
                endpoints = readiness.await(READY_TIMEOUT);
            } catch (LauncherException e) {
                System.err.println("ballast: " + e.getMessage());
                stopFramework();
                return 1;
            }
            long millis = millisSinceProcessStart();
            writeReadyFile(endpoints, millis);
            followEndpoints(readiness, millis);
            System.out.println("ballast: ready in " + millis + " ms (pid " + ProcessHandle.current().pid() + ", roles "
                    + options.rolesProperty() + ", base " + dirs.base() + ")" + describe(endpoints));
            System.out.flush();

            framework.waitForStop(0);
            if (!stopping) {
                // Stopped from inside (the console's "stop 0"); a signal's hook reports for itself.
                System.out.println("ballast: stopped (clean)");
            }
            return 0;
        } catch (BundleException e) {
            throw new LauncherException("the framework failed to start: " + e.getMessage(), e);
        } finally {
            release();
        }
    }

    /** Start-up time as an operator experiences it: from the JVM's start, not from main(). */
    private static long millisSinceProcessStart() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
    }

    /** The servers that must be listening before the instance counts as ready: the console, then one per role. */
    static Set<String> expectedEndpoints(Set<String> roles) {
        Set<String> expected = new LinkedHashSet<>(List.of("console"));
        LaunchOptions.KNOWN_ROLES.stream().filter(roles::contains).forEach(expected::add);
        return expected;
    }

    private static String describe(Map<String, String> endpoints) {
        StringBuilder sb = new StringBuilder();
        endpoints.forEach((name, address) -> sb.append(System.lineSeparator()).append("  ").append(name).append(' ').append(address));
        return sb.toString();
    }

    /**
     * A server that is reconfigured while running (an edited etc/ file) may come back on another
     * port: keep data/ballast.ready true for bin/ballast console and status.
     */
    private void followEndpoints(Readiness readiness, long millis) {
        try {
            framework.getBundleContext().addServiceListener(event -> {
                if (stopping) {
                    return; // servers going away on the way down are not news
                }
                try {
                    writeReadyFile(readiness.endpoints(), millis);
                } catch (LauncherException e) {
                    System.err.println("ballast: " + e.getMessage());
                }
            }, Readiness.ENDPOINT_FILTER);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("the endpoint filter is constant and valid", e);
        }
    }

    private synchronized void writeReadyFile(Map<String, String> endpoints, long millis) throws LauncherException {
        StringBuilder sb = new StringBuilder();
        sb.append("pid=").append(ProcessHandle.current().pid()).append('\n');
        sb.append("startup.ms=").append(millis).append('\n');
        sb.append("roles=").append(options.rolesProperty()).append('\n');
        endpoints.forEach((name, address) -> sb.append("endpoint.").append(name).append('=').append(address).append('\n'));
        Path tmp = readyFile.resolveSibling("ballast.ready.tmp");
        try {
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            Files.move(tmp, readyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LauncherException("cannot write " + readyFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * SIGTERM or SIGINT: stop the framework in order and wait for it. The JVM would then report
     * death by signal (143); a broker that stopped cleanly exits 0 instead, so service managers
     * and scripts can tell a clean stop from a failed one.
     */
    private void stopOnSignal() {
        stopping = true;
        deleteReadyFile();
        boolean clean = stopFramework();
        release();
        System.out.println("ballast: stopped (" + (clean ? "clean" : "timed out") + ")");
        System.out.flush();
        Runtime.getRuntime().halt(clean ? 0 : 1);
    }

    /** Stops the framework and waits for it; true if it stopped within the timeout. */
    private boolean stopFramework() {
        stopping = true;
        Framework f = framework;
        if (f == null) {
            return true;
        }
        try {
            f.stop();
            FrameworkEvent event = f.waitForStop(STOP_TIMEOUT.toMillis());
            if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                System.err.println("ballast: the framework did not stop within " + STOP_TIMEOUT.toSeconds() + " s");
                return false;
            }
            return true;
        } catch (BundleException e) {
            System.err.println("ballast: stopping the framework failed: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private synchronized void release() {
        deleteReadyFile();
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }

    private void deleteReadyFile() {
        if (readyFile != null) {
            try {
                Files.deleteIfExists(readyFile);
            } catch (IOException ignored) {
                // a stale ready file is harmless once the pid it names is gone
            }
        }
    }
}
