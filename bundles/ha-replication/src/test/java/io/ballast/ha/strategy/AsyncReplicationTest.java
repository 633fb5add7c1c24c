package io.ballast.ha.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ballast.spi.message.SendStatus;
import org.junit.jupiter.api.Test;

class AsyncReplicationTest extends ReplicationFixture {

    @Test
    void answersSendOkAtOnceWithoutAnySlave() {
        AsyncReplication async = new AsyncReplication(progress, waiters);
        assertEquals(SendStatus.SEND_OK, async.awaitReplicated(1_000_000).toCompletableFuture().getNow(null));
        assertEquals(0, waiters.pending());
    }

    @Test
    void lagIsWhatNoSlaveReported() {
        AsyncReplication async = new AsyncReplication(progress, waiters);
        assertEquals(5_000, async.lagBytes(5_000));
        progress.ack(1, 1_000);
        progress.ack(2, 3_000);
        assertEquals(3_000, async.replicatedOffset());
        assertEquals(2_000, async.lagBytes(5_000));
        progress.disconnect(2);
        assertEquals(4_000, async.lagBytes(5_000));
    }
}
