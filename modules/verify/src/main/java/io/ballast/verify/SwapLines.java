package io.ballast.verify;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The swap lines a broker writes to {@code logs/ballast.log} (logger io.ballast.broker.swap), one
 * per swap, in the shape docs/operations.md fixes:
 *
 * <pre>
 *   swap SERVICE: OLD (OLD_VERSION) -> NEW (NEW_VERSION); traffic paused N ms, longest wait M ms
 * </pre>
 *
 * A scenario marks the log's length before it acts and reads only what was written after.
 */
final class SwapLines {
    private static final Pattern LINE = Pattern.compile("(swap (\\w+): .*?traffic paused (\\d+) ms[^\\r\\n]*)");

    /** One logged swap: the line (from "swap" on) and its pause. */
    record Swap(String line, long pausedMillis) {
    }

    private final Path log;
    private final long from;

    private SwapLines(Path log, long from) {
        this.log = log;
        this.from = from;
    }

    /** Marks the log's current end: {@link #of} then reads what comes after. */
    static SwapLines mark(Node node) throws IOException {
        Path log = node.logFile();
        return new SwapLines(log, Files.exists(log) ? Files.size(log) : 0);
    }

    /** The swaps of {@code service} logged since the mark. */
    List<Swap> of(String service) throws IOException {
        List<Swap> swaps = new ArrayList<>();
        if (!Files.exists(log)) {
            return swaps;
        }
        String text;
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            long start = length < from ? 0 : from; // rolled over: read it all
            byte[] bytes = new byte[(int) Math.min(Integer.MAX_VALUE - 8, length - start)];
            file.seek(start);
            file.readFully(bytes);
            text = new String(bytes, StandardCharsets.ISO_8859_1);
        }
        Matcher m = LINE.matcher(text);
        while (m.find()) {
            if (m.group(2).equals(service)) {
                swaps.add(new Swap(m.group(1), Long.parseLong(m.group(3))));
            }
        }
        return swaps;
    }

    /** Waits (bounded) until {@code count} swaps of {@code service} were logged since the mark; fails naming what is missing. */
    List<Swap> await(String service, int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + BrokerConsole.SWAP_LIMIT.toNanos();
        List<Swap> swaps = of(service);
        while (swaps.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the broker logged " + swaps.size() + " 'swap " + service + ": … traffic paused N ms' line(s) in "
                        + log + ", expected " + count);
            }
            Thread.sleep(200);
            swaps = of(service);
        }
        return swaps;
    }
}
