package io.ballast.verify;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The command line of {@code ballast verify}. */
record VerifyOptions(boolean shortCampaign, Optional<String> nameServer, Optional<Path> masterBase, Optional<Path> slaveBase,
                     String role, String flush, Set<String> scenarios, boolean dedup, Optional<Path> reportDir,
                     Optional<Path> workDir, boolean keep, boolean netns, boolean help) {

    static final String USAGE = """
            Usage: bin/ballast verify [OPTIONS]

            A fault campaign with a checker: load from the official RocketMQ client while named faults
            are injected, then every acknowledged message is looked for among those received.
            By default it starts its own name server, master and slave from this distribution.

              --short               the short campaign (a few minutes); the default is the long one
              --scenarios A,B       only these scenarios (names as in the table)
              --role ROLE           the master's brokerRole: ASYNC_MASTER (default) or SYNC_MASTER
              --flush TYPE          flushDiskType: ASYNC_FLUSH (default) or SYNC_FLUSH
              --dedup               the dedup plugin is on: any duplicate fails the scenario
              -n, --namesrv H:P     target an existing cluster instead (faults needing a process are skipped)
              --master-base DIR     with -n: the base of a local master this distribution controls
              --slave-base DIR      with -n: the base of a local slave
              --report DIR          where verify-report.json and verify-report.html go (default ./verify-report-RUN)
              --work DIR            where the local cluster lives (default: a new temporary folder)
              --keep                keep the local cluster's folder afterwards
              --no-netns            as root, still run the brokers in this network namespace (link-cut is skipped)
              -h, --help            this text

            Exit code: 0 when every scenario passed or was skipped, 1 when one failed, 2 on bad usage.
            """;

    static VerifyOptions parse(String[] args) {
        boolean shortCampaign = false;
        Optional<String> nameServer = Optional.empty();
        Optional<Path> masterBase = Optional.empty();
        Optional<Path> slaveBase = Optional.empty();
        String role = "ASYNC_MASTER";
        String flush = "ASYNC_FLUSH";
        Set<String> scenarios = new LinkedHashSet<>();
        boolean dedup = false;
        Optional<Path> reportDir = Optional.empty();
        Optional<Path> workDir = Optional.empty();
        boolean keep = false;
        boolean netns = true;
        boolean help = false;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String arg = rest.remove(0);
            switch (arg) {
                case "--short" -> shortCampaign = true;
                case "-n", "--namesrv" -> nameServer = Optional.of(value(arg, rest));
                case "--master-base" -> masterBase = Optional.of(Path.of(value(arg, rest)).toAbsolutePath());
                case "--slave-base" -> slaveBase = Optional.of(Path.of(value(arg, rest)).toAbsolutePath());
                case "--role" -> role = oneOf(arg, value(arg, rest), "ASYNC_MASTER", "SYNC_MASTER");
                case "--flush" -> flush = oneOf(arg, value(arg, rest), "ASYNC_FLUSH", "SYNC_FLUSH");
                case "--scenarios" -> scenarios.addAll(List.of(value(arg, rest).split(",")));
                case "--dedup" -> dedup = true;
                case "--report" -> reportDir = Optional.of(Path.of(value(arg, rest)).toAbsolutePath());
                case "--work" -> workDir = Optional.of(Path.of(value(arg, rest)).toAbsolutePath());
                case "--keep" -> keep = true;
                case "--no-netns" -> netns = false;
                case "-h", "--help" -> help = true;
                default -> throw new IllegalArgumentException("unknown option '" + arg + "' (see bin/ballast verify --help)");
            }
        }
        if ((masterBase.isPresent() || slaveBase.isPresent()) && nameServer.isEmpty()) {
            throw new IllegalArgumentException("--master-base and --slave-base go with -n (an existing cluster)");
        }
        return new VerifyOptions(shortCampaign, nameServer, masterBase, slaveBase, role, flush, scenarios, dedup, reportDir,
                workDir, keep, netns, help);
    }

    private static String value(String option, List<String> rest) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return rest.remove(0);
    }

    private static String oneOf(String option, String value, String... allowed) {
        for (String candidate : allowed) {
            if (candidate.equals(value)) {
                return value;
            }
        }
        throw new IllegalArgumentException(option + " takes " + String.join(" or ", allowed) + ", not '" + value + "'");
    }
}
