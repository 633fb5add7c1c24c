package io.ballast.broker.send;

import static io.ballast.broker.BrokerFixture.eventually;
import static io.ballast.broker.send.SendRequests.answer;
import static io.ballast.broker.send.SendRequests.refusal;
import static io.ballast.broker.send.SendRequests.v2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.broker.BrokerFixture;
import io.ballast.broker.FakeChannel;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestProcessor;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.spi.dedup.DedupFilter;
import io.ballast.spi.dedup.DeliveryCandidate;
import io.ballast.spi.flush.FlushPolicy;
import io.ballast.spi.message.Message;
import io.ballast.spi.message.MessageProperties;
import io.ballast.spi.message.SendStatus;
import io.ballast.spi.replication.ReplicationStrategy;
import io.ballast.spi.store.AppendResult;
import io.ballast.spi.store.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The send's answer follows the bound flush policy, replication strategy and dedup filter. */
class DurableSendTest {
    @TempDir
    Path dir;
    private BrokerFixture broker;
    private RequestProcessor send;
    private final FakeChannel channel = new FakeChannel("10.1.2.3", 54321);

    /** A flush policy whose waits complete only when the test says so. */
    static final class HeldFlush implements FlushPolicy {
        final List<CompletableFuture<SendStatus>> waits = new CopyOnWriteArrayList<>();
        final List<Long> offsets = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<SendStatus> awaitDurable(long endOffset) {
            CompletableFuture<SendStatus> wait = new CompletableFuture<>();
            offsets.add(endOffset);
            waits.add(wait);
            return wait;
        }

        @Override
        public long acknowledgedOffset() {
            return Long.MAX_VALUE;
        }
    }

    @BeforeEach
    void open() throws Exception {
        broker = BrokerFixture.open(dir);
        Map<Integer, RequestProcessor> processors = new HashMap<>();
        new MessageArea(broker.context()).register((code, processor, lane) -> processors.put(code, processor));
        send = processors.get(RequestCode.SEND_MESSAGE_V2);
    }

    @AfterEach
    void close() {
        broker.close();
    }

    @Test
    void theAnswerWaitsForTheFlushPolicyWithoutHoldingTheSendThread() throws Exception {
        HeldFlush flush = new HeldFlush();
        broker.bindFlush(flush);
        CompletableFuture<RemotingCommand> answer = send.process(channel, v2("t", 0, Map.of(), "x")).toCompletableFuture();

        assertFalse(answer.isDone(), "answered before the flush policy said durable");
        assertEquals(broker.store().watermarks().written(), flush.offsets.get(0));
        flush.waits.get(0).complete(SendStatus.SEND_OK);
        assertEquals(ResponseCode.SUCCESS, answer.join().code());
    }

    @Test
    void withWaitFalseTheAnswerComesAtOnceAndTheFlushPolicyIsStillTold() throws Exception {
        HeldFlush flush = new HeldFlush();
        broker.bindFlush(flush);
        CompletableFuture<RemotingCommand> answer = send.process(channel,
                v2("t", 0, Map.of(MessageProperties.WAIT, "false"), "x")).toCompletableFuture();

        assertTrue(answer.isDone());
        assertEquals(ResponseCode.SUCCESS, answer.join().code());
        assertEquals(1, flush.offsets.size());
    }

    @Test
    void aFlushDiskTimeoutIsAnsweredTenWithEveryResponseField() throws Exception {
        broker.bindFlush(new FlushPolicy() {
            @Override public CompletionStage<SendStatus> awaitDurable(long endOffset) { return CompletableFuture.completedFuture(SendStatus.FLUSH_DISK_TIMEOUT); }
            @Override public long acknowledgedOffset() { return Long.MAX_VALUE; }
        });
        RemotingCommand response = answer(send, channel, v2("t", 0, Map.of(), "x"));
        assertEquals(ResponseCode.FLUSH_DISK_TIMEOUT, response.code());
        for (String field : List.of("msgId", "queueId", "queueOffset", "MSG_REGION", "TRACE_ON")) {
            assertTrue(response.extFields().containsKey(field), field);
        }
    }

    @Test
    void aMissingSlaveIsAnsweredElevenEvenWhenTheFlushSucceeded() throws Exception {
        broker.bindReplication(new ReplicationStrategy() {
            @Override public CompletionStage<SendStatus> awaitReplicated(long endOffset) { return CompletableFuture.completedFuture(SendStatus.SLAVE_NOT_AVAILABLE); }
            @Override public long replicatedOffset() { return 0; }
        });
        assertEquals(ResponseCode.SLAVE_NOT_AVAILABLE, answer(send, channel, v2("t", 0, Map.of(), "x")).code());
    }

    @Test
    void aSyncMasterWithNoReplicationBoundNeverAnswersSendOk() throws Exception {
        broker.close();
        broker = BrokerFixture.open(dir, Map.of("brokerRole", "SYNC_MASTER"));
        Map<Integer, RequestProcessor> processors = new HashMap<>();
        new MessageArea(broker.context()).register((code, processor, lane) -> processors.put(code, processor));
        RemotingCommand answer = answer(processors.get(RequestCode.SEND_MESSAGE_V2), channel, v2("t", 0, Map.of(), "x"));
        assertEquals(ResponseCode.SLAVE_NOT_AVAILABLE, answer.code(), "stored, but no replica holds it");
        assertEquals("0", answer.extFields().get("queueOffset"));
    }

    @Test
    void anAsyncMasterWithNoReplicationBoundAnswersSendOk() throws Exception {
        assertEquals(ResponseCode.SUCCESS, answer(send, channel, v2("t", 0, Map.of(), "x")).code());
    }

    @Test
    void aFailedForceIsSystemErrorSoTheClientSendsAgain() throws Exception {
        broker.bindFlush(new FlushPolicy() {
            @Override public CompletionStage<SendStatus> awaitDurable(long endOffset) { return CompletableFuture.failedFuture(new IOException("disk gone")); }
            @Override public long acknowledgedOffset() { return Long.MAX_VALUE; }
        });
        var refused = refusal(send, channel, v2("t", 0, Map.of(), "x"));
        assertEquals(ResponseCode.SYSTEM_ERROR, refused.responseCode());
        assertTrue(refused.remark().contains("disk gone"), refused.remark());
        assertEquals(1, broker.context().stats().sendFailures());
    }

    @Test
    void aDuplicateKnownToTheDedupFilterIsAnsweredWithTheOriginalAndNotStoredAgain() throws Exception {
        Map<String, AppendResult> seen = new HashMap<>();
        broker.bindDedup(new DedupFilter() {
            @Override public Optional<AppendResult> findOriginal(Message message) { return Optional.ofNullable(seen.get(message.uniqueKey())); }
            @Override public void stored(Message message, AppendResult result) { seen.put(message.uniqueKey(), result); }
            @Override public boolean shouldDeliver(DeliveryCandidate candidate) { return true; }
        });
        Map<String, String> properties = Map.of(MessageProperties.UNIQ_KEY, "AAAA0000000000000000000000000001");
        RemotingCommand first = answer(send, channel, v2("t", 0, properties, "x"));
        long written = broker.store().watermarks().written();
        RemotingCommand second = answer(send, channel, v2("t", 0, properties, "x"));

        assertEquals(ResponseCode.SUCCESS, second.code());
        assertEquals(first.extFields().get("msgId"), second.extFields().get("msgId"));
        assertEquals(written, broker.store().watermarks().written());
        assertTrue(eventually(() -> broker.store().maxQueueOffset("t", 0) == 1));
    }

    @Test
    void storeRefusalsBecomeTheCodesClientsActOn() {
        assertEquals(ResponseCode.MESSAGE_ILLEGAL, DurableAppend.refusal(new StoreException(StoreException.Reason.MESSAGE_ILLEGAL, "x")).responseCode());
        assertEquals(ResponseCode.SERVICE_NOT_AVAILABLE, DurableAppend.refusal(new StoreException(StoreException.Reason.DISK_FULL, "x")).responseCode());
        assertEquals(ResponseCode.SERVICE_NOT_AVAILABLE, DurableAppend.refusal(new StoreException(StoreException.Reason.READ_ONLY, "x")).responseCode());
        assertEquals(ResponseCode.SYSTEM_BUSY, DurableAppend.refusal(new StoreException(StoreException.Reason.NOT_AVAILABLE, "x")).responseCode());
    }
}
