package io.ballast.broker.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.ballast.broker.BrokerFixture;
import io.ballast.spi.flush.FlushPolicy;
import io.ballast.spi.message.SendStatus;
import io.ballast.spi.replication.ReplicationStrategy;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A send's durability wait while its flush policy or replication strategy is being swapped. */
class DurabilityAcrossSwapTest {
    @TempDir
    Path dir;
    BrokerFixture broker;
    final List<Long> asked = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws Exception {
        broker = BrokerFixture.open(dir);
    }

    @AfterEach
    void close() {
        broker.close();
    }

    private FlushPolicy flush(String name) {
        return new FlushPolicy() {
            @Override
            public CompletionStage<SendStatus> awaitDurable(long endOffset) {
                asked.add(endOffset);
                return CompletableFuture.completedFuture(SendStatus.SEND_OK);
            }

            @Override
            public long acknowledgedOffset() {
                return 0;
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    private static ReplicationStrategy replicated(SendStatus status) {
        return new ReplicationStrategy() {
            @Override
            public CompletionStage<SendStatus> awaitReplicated(long endOffset) {
                return CompletableFuture.completedFuture(status);
            }

            @Override
            public long replicatedOffset() {
                return 0;
            }
        };
    }

    private DurableAppend appender(boolean syncMaster, long swapWaitMillis) {
        return new DurableAppend(broker.context().services(), () -> syncMaster, () -> swapWaitMillis);
    }

    @Test
    void aSendDuringAFlushSwapWaitsForTheNextPolicyAndIsForcedByIt() throws Exception {
        FlushPolicy leaving = flush("async");
        broker.bindFlush(leaving);
        broker.unbindFlush(leaving);

        CompletableFuture<SendStatus> status = appender(false, 60_000).awaitDurable(4096, true).toCompletableFuture();
        assertFalse(status.isDone(), "no flush policy: the send waits for the next one");
        broker.bindFlush(flush("sync"));

        assertEquals(SendStatus.SEND_OK, status.get(5, TimeUnit.SECONDS));
        assertEquals(List.of(4096L), asked, "the arriving policy decides the waiting send");
    }

    @Test
    void aSyncMasterSendDuringAReplicationSwapWaitsForTheNextStrategy() throws Exception {
        ReplicationStrategy leaving = replicated(SendStatus.SEND_OK);
        broker.bindReplication(leaving);
        broker.unbindReplication(leaving);

        CompletableFuture<SendStatus> status = appender(true, 60_000).awaitDurable(4096, true).toCompletableFuture();
        assertFalse(status.isDone());
        broker.bindReplication(replicated(SendStatus.FLUSH_SLAVE_TIMEOUT));

        assertEquals(SendStatus.FLUSH_SLAVE_TIMEOUT, status.get(5, TimeUnit.SECONDS), "answered by the new strategy");
    }

    @Test
    void pastTheBoundASyncMasterSendIsAnsweredSlaveNotAvailableAsWithoutAStrategy() throws Exception {
        ReplicationStrategy leaving = replicated(SendStatus.SEND_OK);
        broker.bindReplication(leaving);
        broker.unbindReplication(leaving);

        assertEquals(SendStatus.SLAVE_NOT_AVAILABLE,
                appender(true, 100).awaitDurable(4096, true).toCompletableFuture().get(5, TimeUnit.SECONDS));
    }
}
