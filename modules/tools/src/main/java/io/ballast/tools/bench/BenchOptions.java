package io.ballast.tools.bench;

import java.util.List;
import java.util.Locale;

/**
 * What {@code bin/ballast bench} was asked to do, parsed from its arguments and checked before
 * anything connects. Every bad argument is a {@link UsageException} with one line saying which and
 * why.
 */
record BenchOptions(String nameServer, String topic, boolean topicGiven, Role role, SendMode sendMode, int threads,
                    int consumers, int size, int batch, int inFlight, int durationSeconds, long count, int sendTimeoutMs,
                    boolean drain, int drainIdleSeconds, String group, boolean json, boolean help) {

    enum Role { PRODUCE, CONSUME, BOTH }

    enum SendMode { SYNC, ASYNC, ONEWAY }

    /** The broker's default maxMessageSize; a larger body or batch is refused by the broker anyway. */
    static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    static final String HELP = """
            Usage: bin/ballast bench [OPTIONS]

            Drives a broker with the official RocketMQ client (5.x): producers, consumers, or both, for a
            bounded time, then optionally reads back everything produced. A progress line each second on
            stderr; a summary at the end (messages/s, MB/s, send latency avg/p50/p99/p99.9/max, send
            statuses and errors by exception), as text or, with --json, as one JSON object on stdout.
            Exit code 0 when every send was SEND_OK and the drain (if any) read back all of them, 1 when not,
            2 on a bad option.

            Options:
              -n, --namesrv HOST:PORT  Name server address(es), ';'-separated (default 127.0.0.1:9876).
              -t, --topic NAME         Topic (default: a fresh BenchTopic-<time>, auto-created by the first
                                       send). Required with --role consume.
              --role ROLE              produce (default), consume, or both (consumers run while producers send).
              --send MODE              sync (default), async, or oneway (fire and forget: no status, no batch).
              --threads N              Producer threads (default 4).
              --consumers N            Consumer threads, each a lite pull consumer of one group (default 1).
              -s, --size BYTES         Message body size (default 1024).
              --batch N                Messages per send call, as one RocketMQ batch (default 1). Latency is
                                       per call.
              --in-flight N            async: sends each producer thread keeps outstanding (default 32).
              -d, --duration SECONDS   How long producers and consumers run (default 10).
              -c, --count N            Stop producing after N messages (sends attempted) even if time is left;
                                       with --role consume, stop after receiving N. The run ends at whichever
                                       of --duration and --count comes first.
              --send-timeout MS        The client's send timeout (default 3000).
              --drain                  After producing, read the whole topic back from its first offset with a
                                       fresh consumer group and count it against what was acknowledged.
              --drain-idle SECONDS     The drain gives up after this long without a message (default 30).
              -g, --group NAME         Consumer group of --role consume/both (default bench-consumer-<time>).
              --json                   Print the summary as one JSON object on stdout (progress stays on stderr).
              -h, --help               This text.

            Before timing starts one warm-up message is sent (it creates the topic and fetches its route); it
            is not in the rates or latencies, and the drain expects it.
            """;

    static BenchOptions parse(List<String> args) {
        Parser p = new Parser();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            if (isFlag(name)) {
                if (inline != null) {
                    throw new UsageException(name + " takes no value");
                }
                p.flag(name);
                continue;
            }
            if (!isOption(name)) {
                throw new UsageException("unknown option '" + arg + "' (see bin/ballast bench --help)");
            }
            String value = inline;
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new UsageException(name + " needs a value");
                }
                value = args.get(++i);
            }
            p.option(name, value);
        }
        return p.build();
    }

    private static boolean isFlag(String name) {
        return List.of("--drain", "--json", "-h", "--help").contains(name);
    }

    private static boolean isOption(String name) {
        return List.of("-n", "--namesrv", "-t", "--topic", "--role", "--send", "--threads", "--consumers", "-s", "--size",
                "--batch", "--in-flight", "-d", "--duration", "-c", "--count", "--send-timeout", "--drain-idle", "-g",
                "--group").contains(name);
    }

    /** Defaults, then each argument as it comes; {@link #build} checks how they combine. */
    private static final class Parser {
        private final long now = System.currentTimeMillis();
        private String nameServer = "127.0.0.1:9876";
        private String topic;
        private Role role = Role.PRODUCE;
        private SendMode sendMode = SendMode.SYNC;
        private int threads = 4;
        private int consumers = 1;
        private int size = 1024;
        private int batch = 1;
        private int inFlight = 32;
        private int durationSeconds = 10;
        private long count;
        private int sendTimeoutMs = 3000;
        private boolean drain;
        private int drainIdleSeconds = 30;
        private String group;
        private boolean json;
        private boolean help;

        void flag(String name) {
            switch (name) {
                case "--drain" -> drain = true;
                case "--json" -> json = true;
                default -> help = true;
            }
        }

        void option(String name, String value) {
            switch (name) {
                case "-n", "--namesrv" -> nameServer = nonEmpty(name, value);
                case "-t", "--topic" -> topic = topicName(name, value);
                case "--role" -> role = choice(name, value, Role.class);
                case "--send" -> sendMode = choice(name, value, SendMode.class);
                case "--threads" -> threads = (int) positive(name, value, 1024);
                case "--consumers" -> consumers = (int) positive(name, value, 1024);
                case "-s", "--size" -> size = (int) positive(name, value, MAX_MESSAGE_BYTES);
                case "--batch" -> batch = (int) positive(name, value, 10_000);
                case "--in-flight" -> inFlight = (int) positive(name, value, 100_000);
                case "-d", "--duration" -> durationSeconds = (int) positive(name, value, 86_400);
                case "-c", "--count" -> count = positive(name, value, Long.MAX_VALUE);
                case "--send-timeout" -> sendTimeoutMs = (int) positive(name, value, 600_000);
                case "--drain-idle" -> drainIdleSeconds = (int) positive(name, value, 3600);
                default -> group = nonEmpty(name, value);
            }
        }

        BenchOptions build() {
            if (sendMode == SendMode.ONEWAY && batch > 1) {
                throw new UsageException("--send oneway sends one message per call; --batch " + batch + " needs sync or async");
            }
            if ((long) size * batch > MAX_MESSAGE_BYTES) {
                throw new UsageException("--size " + size + " x --batch " + batch + " exceeds the broker's 4 MiB message limit");
            }
            if (role == Role.CONSUME && topic == null && !help) {
                throw new UsageException("--role consume needs --topic: there is nothing to consume in a fresh topic");
            }
            if (role == Role.CONSUME && drain) {
                throw new UsageException("--drain reads back what this run produced; --role consume produces nothing");
            }
            boolean topicGiven = topic != null;
            return new BenchOptions(nameServer, topicGiven ? topic : "BenchTopic-" + now, topicGiven, role, sendMode,
                    threads, consumers, size, batch, inFlight, durationSeconds, count, sendTimeoutMs, drain,
                    drainIdleSeconds, group != null ? group : "bench-consumer-" + now, json, help);
        }

        private static String nonEmpty(String name, String value) {
            if (value.isBlank()) {
                throw new UsageException(name + " needs a non-empty value");
            }
            return value;
        }

        /** RocketMQ's own rule for topic names, checked here so a typo is not a client exception later. */
        private static String topicName(String name, String value) {
            if (!value.matches("[%|a-zA-Z0-9_-]{1,127}")) {
                throw new UsageException(name + " '" + value + "' is not a topic name (letters, digits, % | _ -, at most 127)");
            }
            return value;
        }

        private static long positive(String name, String value, long max) {
            long n;
            try {
                n = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new UsageException(name + " takes a whole number, not '" + value + "'");
            }
            if (n < 1 || n > max) {
                throw new UsageException(name + " must be between 1 and " + max + ", not " + n);
            }
            return n;
        }

        private static <E extends Enum<E>> E choice(String name, String value, Class<E> type) {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(value)) {
                    return e;
                }
            }
            StringBuilder allowed = new StringBuilder();
            for (E e : type.getEnumConstants()) {
                allowed.append(allowed.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
            }
            throw new UsageException(name + " is one of " + allowed + ", not '" + value + "'");
        }
    }

    /** A bad argument: its message is the one line bench prints before exiting 2. */
    static final class UsageException extends IllegalArgumentException {
        UsageException(String message) {
            super(message);
        }
    }
}
