package io.ballast.itest.ha;

import io.ballast.itest.fixture.MasterSlavePair.Placement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two network namespaces, one for the master and one for the slave, whose only path between them
 * is a veth pair that the test can cut. The test JVM (and the name server) stay in the root
 * namespace and reach each broker over its own veth pair, which the cut does not touch:
 *
 * <pre>
 *   root ns (test, name server on 0.0.0.0)
 *    10.213.1.1/30 ──veth── 10.213.1.2/30  ns M (master: brokerIP1, HA port)
 *    10.213.2.1/30 ──veth── 10.213.2.2/30  ns S (slave)
 *   ns M 10.213.0.1/30 ════link════ 10.213.0.2/30 ns S    (the one that is cut)
 *   ns S: route 10.213.1.2/32 via 10.213.0.1              (the master only over the link)
 * </pre>
 *
 * Needs root (ip netns, ip link). {@link #close()} removes everything it made, and is safe to call
 * after a half-finished {@link #create()}.
 */
final class SplitNetwork implements AutoCloseable {
    static final String MASTER_HOST = "10.213.1.2";
    static final String SLAVE_HOST = "10.213.2.2";
    private static final String MASTER_LINK_ADDRESS = "10.213.0.1";

    private final String masterNs;
    private final String slaveNs;
    private final String linkM;
    private final String linkS;
    private final String rootToM;
    private final String mFromRoot;
    private final String rootToS;
    private final String sFromRoot;
    private final List<String> created = new ArrayList<>();

    SplitNetwork() {
        long n = ProcessHandle.current().pid() % 10_000;
        masterNs = "ballast-m-" + n;
        slaveNs = "ballast-s-" + n;
        linkM = "blk" + n + "m";
        linkS = "blk" + n + "s";
        rootToM = "brm" + n + "r";
        mFromRoot = "brm" + n + "m";
        rootToS = "brs" + n + "r";
        sFromRoot = "brs" + n + "s";
    }

    /** Whether this JVM may create namespaces: it runs as root and {@code ip} is there. */
    static boolean available() {
        try {
            return run(List.of("id", "-u")).trim().equals("0") && !run(List.of("ip", "-V")).isEmpty();
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    void create() throws IOException, InterruptedException {
        for (String ns : List.of(masterNs, slaveNs)) {
            run(List.of("ip", "netns", "add", ns));
            created.add(ns);
            in(ns, "ip", "link", "set", "lo", "up"); // the console listens on loopback
        }
        pair(linkM, masterNs, "10.213.0.1/30", linkS, slaveNs, "10.213.0.2/30");
        pair(rootToM, null, "10.213.1.1/30", mFromRoot, masterNs, MASTER_HOST + "/30");
        pair(rootToS, null, "10.213.2.1/30", sFromRoot, slaveNs, SLAVE_HOST + "/30");
        routeSlaveToMaster();
    }

    Placement master() {
        return new Placement(MASTER_HOST, "10.213.1.1", List.of("ip", "netns", "exec", masterNs));
    }

    Placement slave() {
        return new Placement(SLAVE_HOST, "10.213.2.1", List.of("ip", "netns", "exec", slaveNs));
    }

    /** Takes the master↔slave link down on both ends: packets between them go nowhere. */
    void cut() throws IOException, InterruptedException {
        in(masterNs, "ip", "link", "set", linkM, "down");
        in(slaveNs, "ip", "link", "set", linkS, "down");
    }

    /** Brings the link back and restores the slave's route to the master (dropped with the link). */
    void heal() throws IOException, InterruptedException {
        in(masterNs, "ip", "link", "set", linkM, "up");
        in(slaveNs, "ip", "link", "set", linkS, "up");
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) { // the connected route returns once the carrier is up
            try {
                routeSlaveToMaster();
                return;
            } catch (IOException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw last;
    }

    private void routeSlaveToMaster() throws IOException, InterruptedException {
        in(slaveNs, "ip", "route", "replace", MASTER_HOST + "/32", "via", MASTER_LINK_ADDRESS);
    }

    /** A veth pair: {@code a} in namespace {@code nsA} (null = root), {@code b} in {@code nsB}, both up. */
    private void pair(String a, String nsA, String addressA, String b, String nsB, String addressB)
            throws IOException, InterruptedException {
        run(List.of("ip", "link", "add", a, "type", "veth", "peer", "name", b));
        created.add("link:" + a);
        for (String[] end : new String[][] {{a, nsA, addressA}, {b, nsB, addressB}}) {
            if (end[1] != null) {
                run(List.of("ip", "link", "set", end[0], "netns", end[1]));
            }
            inOrRoot(end[1], "ip", "addr", "add", end[2], "dev", end[0]);
            inOrRoot(end[1], "ip", "link", "set", end[0], "up");
        }
    }

    @Override
    public void close() {
        // Deleting a namespace deletes the veth ends in it, and with them their peers; a root-side
        // end whose peer never moved is deleted by name.
        for (int i = created.size() - 1; i >= 0; i--) {
            String thing = created.get(i);
            try {
                if (thing.startsWith("link:")) {
                    runQuietly(List.of("ip", "link", "del", thing.substring("link:".length())));
                } else {
                    runQuietly(List.of("ip", "netns", "del", thing));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        created.clear();
    }

    private void in(String ns, String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(command));
        run(full);
    }

    private void inOrRoot(String ns, String... command) throws IOException, InterruptedException {
        if (ns == null) {
            run(List.of(command));
        } else {
            in(ns, command);
        }
    }

    private static void runQuietly(List<String> command) throws InterruptedException {
        try {
            run(command);
        } catch (IOException ignored) {
            // already gone with its namespace or peer
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within 30 s");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + process.exitValue() + ": " + output);
        }
        return output;
    }
}
