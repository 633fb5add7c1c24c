package io.ballast.broker.consume;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.ballast.broker.FakeChannel;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.protocol.ResponseCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PullHoldTest {
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final PullHold hold = new PullHold(scheduler);
    final FakeChannel channel = new FakeChannel(40001);
    final AtomicLong max = new AtomicLong(3);
    final RemotingCommand found = RemotingCommand.builder().code(ResponseCode.SUCCESS).build();
    final RemotingCommand notFound = RemotingCommand.builder().code(ResponseCode.PULL_NOT_FOUND).build();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    CompletableFuture<RemotingCommand> holdAt(long offset) {
        return hold.hold(channel, "T", 0, offset, 60_000, max::get, () -> found, () -> notFound).toCompletableFuture();
    }

    @Test
    void anArrivalAtOrBelowTheHeldOffsetWakesNothing() throws Exception {
        CompletableFuture<RemotingCommand> held = holdAt(3);
        hold.arrived("T", 0, 3);
        hold.arrived("T", 1, 9);
        hold.arrived("U", 0, 9);
        Thread.sleep(50);
        assertFalse(held.isDone());
        hold.arrived("T", 0, 4);
        assertSame(found, held.get(5, TimeUnit.SECONDS));
    }

    @Test
    void theRecheckCatchesAMissedArrival() throws Exception {
        CompletableFuture<RemotingCommand> held = holdAt(3);
        max.set(4); // grew without telling the listener
        hold.recheck();
        assertSame(found, held.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aQueueThatGrewBeforeTheHoldIsAnsweredAtOnce() throws Exception {
        assertSame(found, holdAt(2).get(5, TimeUnit.SECONDS));
    }

    @Test
    void afterCloseNewPullsAreAnsweredNotFound() throws Exception {
        hold.close();
        assertSame(notFound, holdAt(3).get(5, TimeUnit.SECONDS));
    }
}
