package io.ballast.verify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The cluster verify starts for itself from the distribution it runs from: a name server, a
 * master and a slave of one broker group, each its own {@code bin/ballast} process with its own
 * {@code --base} under {@code root}, configured with ordinary broker.conf keys:
 *
 * <pre>
 *   root/namesrv/            --roles namesrv            (etc/io.ballast.namesrv.cfg: listenPort)
 *   root/master.conf         brokerId=0, brokerRole=ROLE, flushDiskType=FLUSH
 *   root/master/             --roles broker -c master.conf
 *   root/slave.conf          brokerId=1, brokerRole=SLAVE, haMasterAddress=master's HA port
 *   root/slave/              --roles broker -c slave.conf
 * </pre>
 *
 * With a {@link SplitNetwork} the brokers run in their own network namespaces and the link
 * between them can be cut; the name server and the clients stay here.
 */
public final class LocalCluster implements Cluster {
    private final Node nameServer;
    private final Node master;
    private final Node slave;
    private final String nameServerAddress;
    private final Optional<SplitNetwork> network;
    private final Optional<Path> smallDisk;

    private LocalCluster(Node nameServer, Node master, Node slave, String nameServerAddress, Optional<SplitNetwork> network,
                         Optional<Path> smallDisk) {
        this.smallDisk = smallDisk;
        this.nameServer = nameServer;
        this.master = master;
        this.slave = slave;
        this.nameServerAddress = nameServerAddress;
        this.network = network;
    }

    /**
     * Writes the configurations under {@code root} (which must be new or empty) and starts all three.
     * With {@code smallDiskMegabytes} > 0 the master's store is a tmpfs of that size (root only),
     * for the disk-full scenario.
     */
    public static LocalCluster start(Path home, Path root, String masterRole, String flush, Map<String, String> extra,
                                     Optional<SplitNetwork> network, int smallDiskMegabytes) throws IOException, InterruptedException {
        Files.createDirectories(root);
        Optional<Path> smallDisk = Optional.empty();
        if (smallDiskMegabytes > 0) {
            Path store = root.resolve("master/data/store");
            Files.createDirectories(store);
            if (Node.run(List.of("mount", "-t", "tmpfs", "-o", "size=" + smallDiskMegabytes + "m", "verify-store", store.toString()), 30) == null) {
                throw new IOException("cannot mount a " + smallDiskMegabytes + " MB tmpfs on " + store);
            }
            smallDisk = Optional.of(store);
        }
        int[] ports = FreePorts.pick(5);
        String secret = "verify-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        String nameServerBind = network.isPresent() ? "0.0.0.0" : "127.0.0.1";

        Path namesrvBase = root.resolve("namesrv");
        copyTree(home.resolve("etc"), namesrvBase.resolve("etc"));
        ConfigLines.set(namesrvBase.resolve("etc/io.ballast.namesrv.cfg"),
                Map.of("bindAddress", nameServerBind, "listenPort", String.valueOf(ports[0])));
        Node nameServer = new Node("namesrv", home, namesrvBase, "namesrv", Optional.empty(), List.of());

        String masterHost = network.map(SplitNetwork::masterHost).orElse("127.0.0.1");
        String slaveHost = network.map(SplitNetwork::slaveHost).orElse("127.0.0.1");
        Map<String, String> masterConf = brokerDefaults(network.map(SplitNetwork::masterSideOfNameServer).orElse("127.0.0.1"),
                ports[0], secret);
        masterConf.put("brokerIP1", masterHost);
        masterConf.put("brokerId", "0");
        masterConf.put("brokerRole", masterRole);
        masterConf.put("flushDiskType", flush);
        masterConf.put("listenPort", String.valueOf(ports[1]));
        masterConf.put("haListenPort", String.valueOf(ports[2]));
        masterConf.putAll(extra);
        Node master = broker("master", home, root, masterConf, network.map(SplitNetwork::masterPrefix).orElse(List.of()));

        Map<String, String> slaveConf = brokerDefaults(network.map(SplitNetwork::slaveSideOfNameServer).orElse("127.0.0.1"),
                ports[0], secret);
        slaveConf.put("brokerIP1", slaveHost);
        slaveConf.put("brokerId", "1");
        slaveConf.put("brokerRole", "SLAVE");
        slaveConf.put("flushDiskType", flush);
        slaveConf.put("listenPort", String.valueOf(ports[3]));
        slaveConf.put("haListenPort", String.valueOf(ports[4]));
        slaveConf.put("haMasterAddress", masterHost + ":" + ports[2]);
        slaveConf.put("slaveReadEnable", "true");
        slaveConf.putAll(extra);
        Node slave = broker("slave", home, root, slaveConf, network.map(SplitNetwork::slavePrefix).orElse(List.of()));

        LocalCluster cluster = new LocalCluster(nameServer, master, slave, "127.0.0.1:" + ports[0], network, smallDisk);
        try {
            nameServer.start();
            master.start();
            slave.start();
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** The keys every broker gets before the campaign's own: fast routes, small segments. */
    private static Map<String, String> brokerDefaults(String nameServerHost, int nameServerPort, String secret) {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("brokerClusterName", "VerifyCluster");
        conf.put("brokerName", "broker-verify");
        conf.put("namesrvAddr", nameServerHost + ":" + nameServerPort);
        conf.put("haAuthSecret", secret);
        // Small segments, so that a scenario's load crosses segment ends.
        conf.put("mappedFileSizeCommitLog", String.valueOf(8 * 1024 * 1024));
        // A campaign stores a few hundred MB at most: how full the machine's disk already is must not
        // refuse its sends (the disk-full scenario fills a disk of its own).
        conf.put("diskSpaceWarningLevelRatio", "99");
        // Routes and slave metadata within seconds rather than the production 30 s / 10 s.
        conf.put("registerNameServerPeriod", "2000");
        conf.put("metadataSyncInterval", "1000");
        conf.put("haSendHeartbeatInterval", "1000");
        return conf;
    }

    private static Node broker(String name, Path home, Path root, Map<String, String> conf, List<String> prefix)
            throws IOException {
        Path file = root.resolve(name + ".conf");
        List<String> lines = new ArrayList<>();
        conf.forEach((key, value) -> lines.add(key + "=" + value));
        Files.write(file, lines, StandardCharsets.UTF_8);
        Files.createDirectories(root.resolve(name));
        return new Node(name, home, root.resolve(name), "broker", Optional.of(file), prefix);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    @Override
    public String nameServerAddress() {
        return nameServerAddress;
    }

    @Override
    public Optional<BrokerProcess> master() {
        return Optional.of(master);
    }

    @Override
    public Optional<BrokerProcess> slave() {
        return Optional.of(slave);
    }

    @Override
    public Optional<Node> ballastMaster() {
        return Optional.of(master);
    }

    @Override
    public Optional<SplitNetwork> network() {
        return network;
    }

    @Override
    public Optional<Path> smallDisk() {
        return smallDisk;
    }

    /** Stops slave, master, name server (gracefully, kill -9 of what remains), then unmounts the small disk. */
    @Override
    public void close() {
        for (Node node : List.of(slave, master, nameServer)) {
            try {
                node.stop();
            } catch (IOException | InterruptedException | RuntimeException e) {
                System.err.println("verify: could not stop " + node + ": " + e);
            }
        }
        smallDisk.ifPresent(store -> {
            try {
                Node.run(List.of("umount", store.toString()), 30);
            } catch (IOException | InterruptedException e) {
                System.err.println("verify: could not unmount " + store + ": " + e);
            }
        });
    }
}
