package io.ballast.verify;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The command line of {@code ballast verify}.
 *
 * @param masterScript with -n: the master known by a pid file and a start command (any product), instead of a base
 */
record VerifyOptions(boolean shortCampaign, Optional<String> nameServer, Optional<Path> masterBase, Optional<Path> slaveBase,
                     Optional<Scripted> masterScript, Optional<Scripted> slaveScript, String role, String flush, Set<String> scenarios, boolean dedup, Optional<Path> reportDir,
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
              --master-pid FILE     with -n: the pid file of a master of any product (Apache RocketMQ too),
                                    for kill -9, SIGSTOP/SIGCONT and "is it running"; goes with --master-start
              --master-start CMD    with -n: the shell command (sh -c) that starts that master again: it must
                                    start it in the background, write the pid file and return once it
                                    serves (bounded to 120 s). Scenarios needing a Ballast base (swaps,
                                    etc/) are skipped for such a master; master-lost judges it by --role
              --slave-pid FILE, --slave-start CMD   the same for the slave
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
        Optional<Path> masterPid = Optional.empty();
        Optional<String> masterStart = Optional.empty();
        Optional<Path> slavePid = Optional.empty();
        Optional<String> slaveStart = Optional.empty();
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
                case "--master-pid" -> masterPid = Optional.of(Path.of(value(arg, rest)).toAbsolutePath());
                case "--master-start" -> masterStart = Optional.of(value(arg, rest));
                case "--slave-pid" -> slavePid = Optional.of(Path.of(value(arg, rest)).toAbsolutePath());
                case "--slave-start" -> slaveStart = Optional.of(value(arg, rest));
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
        Optional<Scripted> masterScript = Scripted.of("master", masterPid, masterStart, masterBase);
        Optional<Scripted> slaveScript = Scripted.of("slave", slavePid, slaveStart, slaveBase);
        if ((masterBase.isPresent() || slaveBase.isPresent() || masterScript.isPresent() || slaveScript.isPresent())
                && nameServer.isEmpty()) {
            throw new IllegalArgumentException("--master-base, --slave-base, --master-pid and --slave-pid go with -n (an existing cluster)");
        }
        return new VerifyOptions(shortCampaign, nameServer, masterBase, slaveBase, masterScript, slaveScript, role, flush, scenarios, dedup, reportDir,
                workDir, keep, netns, help);
    }

    /** A broker of an existing cluster known by its pid file and the shell command that starts it. */
    record Scripted(Path pidFile, String startCommand) {
        /** Both options or neither, and not beside a base for the same broker. */
        static Optional<Scripted> of(String role, Optional<Path> pidFile, Optional<String> start, Optional<Path> base) {
            if (pidFile.isPresent() != start.isPresent()) {
                throw new IllegalArgumentException("--" + role + "-pid and --" + role + "-start go together");
            }
            if (pidFile.isEmpty()) {
                return Optional.empty();
            }
            if (base.isPresent()) {
                throw new IllegalArgumentException("the " + role + " is either a Ballast base (--" + role + "-base) or a pid file and "
                        + "start command (--" + role + "-pid, --" + role + "-start), not both");
            }
            if (start.get().isBlank()) {
                throw new IllegalArgumentException("--" + role + "-start needs a command");
            }
            return Optional.of(new Scripted(pidFile.get(), start.get()));
        }

        BrokerProcess process(String name) {
            return new ScriptedBroker(name, pidFile, startCommand);
        }
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
