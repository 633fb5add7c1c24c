package io.ballast.verify;

import io.ballast.tools.ToolCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ballast verify}: picks the scenarios, brings up (or attaches to) the cluster, runs the
 * campaign with a progress bar on stderr, prints the table on stdout and writes the JSON and HTML
 * reports. Exit 0 when nothing failed.
 */
public final class VerifyCommand implements ToolCommand {
    private static final String TOOLS_HOME = "ballast.home";

    @Override
    public String name() {
        return "verify";
    }

    @Override
    public String summary() {
        return "fault campaign (kill -9, pause, restart, link cut, live swap, full disk) with a lost/duplicate checker";
    }

    /** Exit 0 all passed or skipped, 1 a scenario failed or the campaign could not run, 2 bad usage. */
    @Override
    public int run(String[] args) {
        try {
            return campaign(args);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("ballast verify: interrupted");
            return 1;
        } catch (Exception e) {
            System.err.println("\nballast verify: the campaign could not run: " + e);
            return 1;
        }
    }

    private int campaign(String[] args) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        VerifyOptions options;
        try {
            options = VerifyOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("ballast verify: " + e.getMessage());
            return 2;
        }
        if (options.help()) {
            out.print(VerifyOptions.USAGE);
            return 0;
        }
        String runId = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Timings timings = options.shortCampaign() ? Timings.shortCampaign() : Timings.longCampaign();
        List<Fault> faults = options.shortCampaign() ? Scenarios.shortCampaign(timings) : Scenarios.longCampaign(timings, runId, options.role());
        try {
            if (!options.scenarios().isEmpty()) {
                faults = Scenarios.only(Scenarios.longCampaign(timings, runId, options.role()), options.scenarios());
            }
        } catch (IllegalArgumentException e) {
            err.println("ballast verify: " + e.getMessage());
            return 2;
        }
        String started = Instant.now().toString();
        Path home = home();
        Path work = options.workDir().orElseGet(() -> temporaryFolder());
        // The client's own logs go with the run, not to ~/logs.
        System.setProperty("rocketmq.client.logRoot", work.resolve("client-logs").toString());
        System.setProperty("rocketmq.log.root", work.resolve("client-logs").toString());
        Map<String, String> configuration = new LinkedHashMap<>();
        configuration.put("campaign", options.shortCampaign() ? "short" : "long");
        configuration.put("brokerRole", options.role());
        configuration.put("flushDiskType", options.flush());
        configuration.put("dedup", String.valueOf(options.dedup()));

        List<ScenarioRun> runs;
        try (ClusterHolder holder = new ClusterHolder()) {
            Runtime.getRuntime().addShutdownHook(new Thread(holder::close, "verify-cleanup"));
            err.println("ballast verify: " + faults.size() + " scenario(s), run " + runId);
            holder.cluster = cluster(options, home, work, faults, holder, configuration);
            err.println("ballast verify: cluster at name server " + holder.cluster.nameServerAddress());
            try (Progress progress = new Progress(err, faults.size())) {
                runs = new Campaign(holder.cluster, timings, options.dedup(), runId).run(faults, progress);
            }
        }
        if (!options.keep() && options.workDir().isEmpty()) {
            deleteTree(work);
        }
        out.print(ResultTable.render(runs));
        Path reportDir = options.reportDir().orElse(Path.of("verify-report-" + runId).toAbsolutePath());
        Files.createDirectories(reportDir);
        Files.writeString(reportDir.resolve("verify-report.json"), JsonReport.render(runId, started, configuration, runs), StandardCharsets.UTF_8);
        Files.writeString(reportDir.resolve("verify-report.html"), HtmlReport.render(runId, started, configuration, runs), StandardCharsets.UTF_8);
        Files.writeString(reportDir.resolve("verify-table.md"), ResultTable.markdown(runs), StandardCharsets.UTF_8);
        boolean passed = runs.stream().allMatch(r -> r.outcome().passed());
        out.println("report: " + reportDir.resolve("verify-report.html") + " and verify-report.json");
        out.println(passed ? "verify: PASSED" : "verify: FAILED");
        return passed ? 0 : 1;
    }

    /** The cluster to fault: an existing one (-n), or a new local one from this distribution. */
    private static Cluster cluster(VerifyOptions options, Path home, Path work, List<Fault> faults, ClusterHolder holder,
                                   Map<String, String> configuration) throws IOException, InterruptedException {
        if (options.nameServer().isPresent()) {
            configuration.put("cluster", "existing at " + options.nameServer().get()
                    + options.masterBase().map(b -> "; master base " + b).orElse("")
                    + options.masterScript().map(s -> "; master pid file " + s.pidFile()).orElse("")
                    + options.slaveBase().map(b -> "; slave base " + b).orElse("")
                    + options.slaveScript().map(s -> "; slave pid file " + s.pidFile()).orElse(""));
            return new ExistingCluster(options.nameServer().get(), existing("master", options.masterBase(), options.masterScript(), home),
                    existing("slave", options.slaveBase(), options.slaveScript(), home));
        }
        boolean root = SplitNetwork.available();
        boolean wantsLinkCut = faults.stream().anyMatch(f -> f instanceof LinkCut);
        boolean wantsSmallDisk = faults.stream().anyMatch(f -> f instanceof DiskFull);
        if (root && options.netns() && wantsLinkCut) {
            holder.network = SplitNetwork.create();
        }
        // Room for what a long campaign writes (about 300 MB of store by disk-full) with headroom
        // (DiskFull refuses a disk the store already fills); tmpfs takes RAM only as it fills.
        int smallDiskMegabytes = root && wantsSmallDisk ? 2048 : 0;
        configuration.put("cluster", "local: name server, master, slave" + (holder.network != null ? " (brokers in network namespaces)" : "")
                + (smallDiskMegabytes > 0 ? "; master store on a " + smallDiskMegabytes + " MB tmpfs" : ""));
        return LocalCluster.start(home, work.resolve("cluster"), options.role(), options.flush(), Map.of(),
                Optional.ofNullable(holder.network), smallDiskMegabytes);
    }

    /** A broker of an existing cluster: a Ballast base of this distribution, a pid file and start command, or none. */
    private static Optional<BrokerProcess> existing(String name, Optional<Path> base, Optional<VerifyOptions.Scripted> script, Path home) {
        if (base.isPresent()) {
            return Optional.of(new Node(name, home, base.get(), "broker", Optional.empty(), List.of()));
        }
        return script.map(s -> s.process(name));
    }

    /** What must be torn down however the run ends (also from the shutdown hook on Ctrl-C). */
    private static final class ClusterHolder implements AutoCloseable {
        volatile Cluster cluster;
        volatile SplitNetwork network;

        @Override
        public synchronized void close() {
            if (cluster != null) {
                cluster.close();
                cluster = null;
            }
            if (network != null) {
                network.close();
                network = null;
            }
        }
    }

    /** The distribution verify runs from: -Dballast.home, $BALLAST_HOME, or two folders above this jar (tools/verify.jar). */
    private static Path home() throws URISyntaxException {
        String property = System.getProperty(TOOLS_HOME, System.getenv("BALLAST_HOME"));
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath();
        }
        Path jar = Path.of(VerifyCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return jar.getParent().getParent();
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("ballast-verify-");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
