package io.ballast.itest.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.spi.flush.FlushPolicy;
import io.ballast.spi.message.SendStatus;
import io.ballast.spi.store.AppendResult;
import io.ballast.spi.store.StoreException;
import io.ballast.store.CommitLogStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An I/O error on force while writers are sending under group commit: from the failure on, no
 * send is answered SEND_OK (RocketMQ #2706), the store refuses appends as read-only, and the
 * error names the file and the cause.
 */
class ForceFailureIT {
    private static final int WRITERS = 4;

    @TempDir
    Path dir;

    /** One send as the broker makes it: where it was appended, and how its ack ended. */
    private record Send(AppendResult appended, SendStatus status, Throwable failure) {
    }

    @Test
    void afterAFailedForceNoSendIsAcknowledgedAndTheStoreIsReadOnly() throws Exception {
        FailingForces disk = new FailingForces();
        ConcurrentLinkedQueue<Send> sends = new ConcurrentLinkedQueue<>();
        List<StoreException> refusals = new ArrayList<>();
        try (CommitLogStore store = CommitLogStore.open(disk, CrashStore.settings(dir))) {
            FlushPolicy policy = FlushMode.SYNC.bind(store);
            store.acknowledgedOffset(policy::acknowledgedOffset);
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            List<Future<StoreException>> results = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                long first = w * 1_000_000L;
                results.add(writers.submit(() -> sendUntilRefused(store, policy, first, sends)));
            }
            Thread.sleep(300); // let the writers get well under way
            long forcedBeforeFailure = store.forcedOffset();
            disk.startFailing();
            for (Future<StoreException> result : results) {
                refusals.add(result.get(30, TimeUnit.SECONDS));
            }
            writers.shutdown();

            assertTrue(store.isReadOnly(), "a failed force turns the store read-only");
            for (StoreException refusal : refusals) {
                assertEquals(StoreException.Reason.READ_ONLY, refusal.reason());
                assertTrue(refusal.getMessage().contains("read-only after an I/O error")
                        && refusal.getMessage().contains("injected"), refusal.getMessage());
            }
            long acknowledged = 0;
            long failed = 0;
            for (Send send : sends) {
                if (send.status() == SendStatus.SEND_OK) {
                    acknowledged++;
                    assertTrue(send.appended().endOffset() <= store.forcedOffset(),
                            "SEND_OK only for bytes a successful force covered: " + send.appended());
                } else {
                    failed++;
                    Throwable cause = send.failure() instanceof CompletionException c ? c.getCause() : send.failure();
                    IOException io = assertInstanceOf(IOException.class, cause, "a waiting send fails with the I/O error");
                    assertTrue(io.getMessage().contains("injected"), io.getMessage());
                }
            }
            assertTrue(acknowledged > 0 && failed > 0, "sends on both sides of the failure: " + acknowledged + " ok, " + failed + " failed");
            assertTrue(store.forcedOffset() >= forcedBeforeFailure, "the forced offset never goes back");
            IOException later = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, store::force);
            assertTrue(later.getMessage().contains("read-only"), later.getMessage());
        }
    }

    /** Sends until the store refuses; every send's ack is recorded when it completes. */
    private static StoreException sendUntilRefused(CommitLogStore store, FlushPolicy policy, long first,
                                                   ConcurrentLinkedQueue<Send> sends) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (long n = first; System.nanoTime() < deadline; n++) {
            AppendResult appended;
            try {
                appended = store.append(NumberedMessages.message(n));
            } catch (StoreException refused) {
                return refused;
            }
            CompletableFuture<SendStatus> ack = policy.awaitDurable(appended.endOffset()).toCompletableFuture();
            try {
                sends.add(new Send(appended, ack.join(), null));
            } catch (CompletionException e) {
                sends.add(new Send(appended, null, e));
            }
        }
        throw new AssertionError("the store never refused a send after the failure");
    }
}
