package io.ballast.itest.crash;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link CrashWriter} child JVM seen from the test: started on the test's own java and class
 * path, its stdout read line by line on a thread (so the pipe never fills and stalls it), killed
 * with SIGKILL. Its stderr goes to a log file beside the store.
 */
final class WriterProcess implements AutoCloseable {
    /** 128 + SIGKILL: how a JVM that was killed with -9 exits. */
    static final int KILLED_BY_SIGKILL = 137;

    private final Process process;
    private final Thread reader;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final List<String> lines = new ArrayList<>();
    private volatile String readyLine;
    private volatile IOException readFailure;

    private WriterProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::readLines, "crash-writer-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    static WriterProcess start(Path store, FlushMode mode, long firstNumber, int threads, long runMillis, Path log)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(),
                store.toString(), mode.name(), Long.toString(firstNumber), Integer.toString(threads), Long.toString(runMillis));
        builder.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        return new WriterProcess(builder.start());
    }

    /** The READY line, once the child has opened (and recovered) the store; null if it did not in time. */
    String awaitReady(long timeout, TimeUnit unit) throws InterruptedException {
        ready.await(timeout, unit);
        return readyLine;
    }

    /**
     * Sends SIGKILL and waits until the process is gone; returns its exit code. Through the
     * ProcessHandle on purpose: {@code Process.destroyForcibly()} sends the same signal but also
     * closes our end of the child's stdout, and the ACK lines still in the pipe would be lost.
     */
    int kill() throws InterruptedException {
        if (!process.toHandle().destroyForcibly() && process.isAlive()) {
            throw new AssertionError("SIGKILL could not be sent to the writer");
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the writer survived SIGKILL for 10 s");
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Every whole line the child wrote, after it died: the pipe is read to its end first, so an
     * ACK written just before the kill is not missed.
     */
    List<String> linesAfterDeath() throws InterruptedException {
        if (process.isAlive()) {
            throw new IllegalStateException("still running");
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        if (reader.isAlive()) {
            throw new AssertionError("the writer's stdout was not read to its end within 10 s of its death");
        }
        if (readFailure != null) {
            throw new AssertionError("reading the writer's stdout failed; acknowledgements may be missing", readFailure);
        }
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Splits on '\n' itself: a tail without one was cut by the kill and is dropped, not returned as a line. */
    private void readLines() {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = process.getInputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                int start = 0;
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        line.write(buffer, start, i - start);
                        accept(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                        start = i + 1;
                    }
                }
                line.write(buffer, start, read - start);
            }
        } catch (IOException e) {
            readFailure = e;
        } finally {
            ready.countDown();
        }
    }

    private void accept(String text) {
        if (text.startsWith("READY")) {
            readyLine = text;
            ready.countDown();
        }
        synchronized (lines) {
            lines.add(text);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
