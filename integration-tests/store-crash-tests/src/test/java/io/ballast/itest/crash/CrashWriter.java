package io.ballast.itest.crash;

import io.ballast.spi.flush.FlushPolicy;
import io.ballast.spi.message.Message;
import io.ballast.spi.message.SendStatus;
import io.ballast.spi.store.AppendResult;
import io.ballast.store.CommitLogStore;
import io.ballast.store.Recovery;
import io.ballast.store.io.MappedStoreFiles;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child JVM the crash test kills: opens (and so recovers) the store, binds a real flush
 * policy, and appends from several threads as fast as it can, like synchronous producers. A
 * message is reported on stdout only after the policy answered SEND_OK, and the line is flushed
 * before the next append, so the parent knows of every acknowledgement given before the kill.
 *
 * <p>stdout protocol, one line each: {@code READY <recovery figures>} once the store is open, then
 * {@link Ack} lines, and {@code FAIL <reason>} if something other than the kill stops a writer.
 *
 * <p>Arguments: store directory, SYNC or ASYNC, the first message number, writer threads, and
 * the longest it may run (ms) before exiting on its own, in case the parent never kills it.
 */
public final class CrashWriter {
    private static final long ACK_WAIT_SECONDS = 30;

    private final CommitLogStore store;
    private final FlushPolicy policy;
    private final AtomicLong nextNumber;
    private final OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 8192);

    private CrashWriter(CommitLogStore store, FlushPolicy policy, long firstNumber) {
        this.store = store;
        this.policy = policy;
        this.nextNumber = new AtomicLong(firstNumber);
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        FlushMode mode = FlushMode.valueOf(args[1]);
        long firstNumber = Long.parseLong(args[2]);
        int threads = Integer.parseInt(args[3]);
        long runMillis = Long.parseLong(args[4]);

        CommitLogStore store = CommitLogStore.open(new MappedStoreFiles(), CrashStore.settings(root));
        FlushPolicy policy = mode.bind(store);
        store.acknowledgedOffset(policy::acknowledgedOffset);
        CrashWriter writer = new CrashWriter(store, policy, firstNumber);
        writer.report(ready(store.recovery()));
        writer.writeFor(threads, runMillis);
        // Only reached if nobody killed us: stop as abruptly as a kill would, so the store is not closed.
        Runtime.getRuntime().halt(3);
    }

    private static String ready(Recovery recovery) {
        return "READY crashed=" + recovery.crashed() + " end=" + recovery.endOffset()
                + " truncated=" + recovery.truncatedBytes() + " dropped=" + recovery.queueEntriesDropped();
    }

    private void writeFor(int threads, long runMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(runMillis);
        List<Thread> writers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> appendUntil(deadline), "crash-writer-" + i);
            writers.add(t);
            t.start();
        }
        for (Thread t : writers) {
            t.join();
        }
    }

    private void appendUntil(long deadline) {
        try {
            while (System.nanoTime() - deadline < 0) {
                long n = nextNumber.getAndIncrement();
                Message message = NumberedMessages.message(n);
                AppendResult result = store.append(message);
                SendStatus status = policy.awaitDurable(result.endOffset()).toCompletableFuture()
                        .get(ACK_WAIT_SECONDS, TimeUnit.SECONDS);
                if (status == SendStatus.SEND_OK) {
                    report(Ack.of(n, message.topic(), message.queueId(), result).line());
                }
                // Any other status is no acknowledgement: the message may or may not survive.
            }
        } catch (Exception e) {
            report("FAIL " + Thread.currentThread().getName() + ": " + e);
        }
    }

    /** One whole line per write and flushed at once: what the parent reads was said before the kill. */
    private synchronized void report(String line) {
        try {
            out.write((line + '\n').getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            Runtime.getRuntime().halt(4); // the parent is gone; nothing left to tell
        }
    }
}
