package io.ballast.verify;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Two network namespaces, one per broker, joined by one veth link that the link-cut scenario takes
 * down. The name server and verify's clients stay in the root namespace and reach each broker over
 * its own veth pair, which the cut does not touch:
 *
 * <pre>
 *   root ns (verify, name server on 0.0.0.0)
 *     10.214.1.1/30 ──veth── 10.214.1.2/30  ns M (master)
 *     10.214.2.1/30 ──veth── 10.214.2.2/30  ns S (slave)
 *   ns M 10.214.0.1/30 ════link════ 10.214.0.2/30 ns S   (cut and healed)
 *   ns S: route 10.214.1.2/32 via 10.214.0.1             (the master only over the link)
 * </pre>
 *
 * Needs root and iproute2; {@link #close()} removes whatever was made.
 */
public final class SplitNetwork implements AutoCloseable {
    private final String masterNs;
    private final String slaveNs;
    private final String linkM;
    private final String linkS;
    private final List<String> made = new ArrayList<>();

    private SplitNetwork() {
        long n = ProcessHandle.current().pid() % 10_000;
        masterNs = "verify-m-" + n;
        slaveNs = "verify-s-" + n;
        linkM = "vlk" + n + "m";
        linkS = "vlk" + n + "s";
    }

    /** Whether namespaces can be made here: root, and {@code ip} works. */
    public static boolean available() {
        try {
            return "0".equals(String.valueOf(Node.run(List.of("id", "-u"), 10)).trim()) && Node.run(List.of("ip", "-V"), 10) != null;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    public static SplitNetwork create() throws IOException, InterruptedException {
        SplitNetwork network = new SplitNetwork();
        try {
            network.build();
        } catch (IOException | InterruptedException e) {
            network.close();
            throw e;
        }
        return network;
    }

    private void build() throws IOException, InterruptedException {
        long n = ProcessHandle.current().pid() % 10_000;
        for (String ns : List.of(masterNs, slaveNs)) {
            ip(null, "netns", "add", ns);
            made.add(ns);
            ip(ns, "link", "set", "lo", "up");
        }
        veth(linkM, masterNs, "10.214.0.1/30", linkS, slaveNs, "10.214.0.2/30");
        veth("vrm" + n + "r", null, "10.214.1.1/30", "vrm" + n + "m", masterNs, masterHost() + "/30");
        veth("vrs" + n + "r", null, "10.214.2.1/30", "vrs" + n + "s", slaveNs, slaveHost() + "/30");
        routeSlaveToMaster();
    }

    public String masterHost() {
        return "10.214.1.2";
    }

    public String slaveHost() {
        return "10.214.2.2";
    }

    /** The name server's address as the master reaches it. */
    public String masterSideOfNameServer() {
        return "10.214.1.1";
    }

    public String slaveSideOfNameServer() {
        return "10.214.2.1";
    }

    public List<String> masterPrefix() {
        return List.of("ip", "netns", "exec", masterNs);
    }

    public List<String> slavePrefix() {
        return List.of("ip", "netns", "exec", slaveNs);
    }

    /** Takes the master↔slave link down at both ends. */
    public void cut() throws IOException, InterruptedException {
        ip(masterNs, "link", "set", linkM, "down");
        ip(slaveNs, "link", "set", linkS, "down");
    }

    /** Brings the link up and restores the slave's route to the master, which went with the carrier. */
    public void heal() throws IOException, InterruptedException {
        ip(masterNs, "link", "set", linkM, "up");
        ip(slaveNs, "link", "set", linkS, "up");
        for (int attempt = 0; ; attempt++) {
            try {
                routeSlaveToMaster();
                return;
            } catch (IOException e) {
                if (attempt >= 50) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private void routeSlaveToMaster() throws IOException, InterruptedException {
        ip(slaveNs, "route", "replace", masterHost() + "/32", "via", "10.214.0.1");
    }

    private void veth(String a, String nsA, String addressA, String b, String nsB, String addressB)
            throws IOException, InterruptedException {
        ip(null, "link", "add", a, "type", "veth", "peer", "name", b);
        made.add("link:" + a);
        for (String[] end : new String[][] {{a, nsA, addressA}, {b, nsB, addressB}}) {
            if (end[1] != null) {
                ip(null, "link", "set", end[0], "netns", end[1]);
            }
            ip(end[1], "addr", "add", end[2], "dev", end[0]);
            ip(end[1], "link", "set", end[0], "up");
        }
    }

    /** {@code ip ARGS}, in namespace {@code ns} unless it is null. */
    private static void ip(String ns, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (ns != null) {
            command.addAll(List.of("ip", "netns", "exec", ns));
        }
        command.add("ip");
        command.addAll(List.of(args));
        if (Node.run(command, 30) == null) {
            throw new IOException(String.join(" ", command) + " failed");
        }
    }

    /** Deleting a namespace deletes the veth ends in it and their peers; root-side leftovers by name. */
    @Override
    public void close() {
        for (int i = made.size() - 1; i >= 0; i--) {
            String thing = made.get(i);
            try {
                if (thing.startsWith("link:")) {
                    Node.run(List.of("ip", "link", "del", thing.substring(5)), 30);
                } else {
                    Node.run(List.of("ip", "netns", "del", thing), 30);
                }
            } catch (IOException e) {
                // already gone with its namespace or peer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        made.clear();
    }
}
