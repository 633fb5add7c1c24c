package io.ballast.broker.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.broker.client.HeartbeatData;
import io.ballast.broker.client.HeartbeatData.ConsumerData;
import io.ballast.broker.client.HeartbeatData.SubscriptionData;
import io.ballast.remoting.LanguageCode;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.protocol.Perm;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.remoting.protocol.TopicConfig;
import io.ballast.spi.routing.PullContext;
import io.ballast.broker.FakeChannel;
import io.ballast.broker.TestServices;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PullProcessorTest {
    private static final String T = "Orders";
    private static final String G = "cg";
    private static final int LITE = PullSysFlag.SUSPEND | PullSysFlag.SUBSCRIPTION | PullSysFlag.LITE_PULL;

    @TempDir
    Path dir;
    ConsumeFixture broker;
    final FakeChannel client = new FakeChannel(40001);

    @BeforeEach
    void open() throws Exception {
        broker = new ConsumeFixture(dir);
        broker.topic(T, 4);
    }

    @AfterEach
    void close() {
        broker.close();
    }

    RemotingCommand pull(int queueId, long offset, int max, int sysFlag, String subscription, long suspendMillis) {
        RemotingCommand.Builder b = broker.request(RequestCode.LITE_PULL_MESSAGE)
                .extField("consumerGroup", G).extField("topic", T).extField("queueId", Integer.toString(queueId))
                .extField("queueOffset", Long.toString(offset)).extField("maxMsgNums", Integer.toString(max))
                .extField("sysFlag", Integer.toString(sysFlag)).extField("commitOffset", "0")
                .extField("suspendTimeoutMillis", Long.toString(suspendMillis)).extField("subVersion", "0");
        if (subscription != null) {
            b.extField("subscription", subscription).extField("expressionType", "TAG");
        }
        return b.build();
    }

    static long header(RemotingCommand response, String name) {
        return Long.parseLong(response.extFields().get(name));
    }

    static void assertOffsetsPresent(RemotingCommand response) {
        for (String field : List.of("suggestWhichBrokerId", "nextBeginOffset", "minOffset", "maxOffset")) {
            assertTrue(response.extFields().containsKey(field), field + " missing from " + response);
        }
    }

    /** The records in a pull body: each starts with its TOTALSIZE; returns the QUEUEOFFSET of each. */
    static List<Long> queueOffsetsIn(ByteBuf body) {
        List<Long> offsets = new ArrayList<>();
        ByteBuffer bytes = ByteBuffer.wrap(ByteBufUtil.getBytes(body));
        while (bytes.remaining() > 0) {
            int size = bytes.getInt(bytes.position());
            offsets.add(bytes.getLong(bytes.position() + 20));
            bytes.position(bytes.position() + size);
        }
        return offsets;
    }

    @Test
    void foundAnswersTheStoredRecordsAndTheOffsetAfterThem() throws Exception {
        for (int i = 0; i < 3; i++) {
            broker.send(T, 1, "a", "m" + i);
        }
        RemotingCommand response = broker.answer(client, pull(1, 0, 10, LITE, "*", 0));

        assertEquals(ResponseCode.SUCCESS, response.code());
        assertEquals("FOUND", response.remark());
        assertEquals(List.of(0L, 1L, 2L), queueOffsetsIn(response.body()));
        assertEquals(3, header(response, "nextBeginOffset"));
        assertEquals(0, header(response, "minOffset"));
        assertEquals(3, header(response, "maxOffset"));
        assertEquals(0, header(response, "suggestWhichBrokerId"));
        assertEquals(3, broker.context.stats().messagesGot(G, T));
        response.release();
    }

    @Test
    void theBodyIsExactlyTheStoredBytes() throws Exception {
        broker.send(T, 0, "a", "hello");
        RemotingCommand response = broker.answer(client, pull(0, 0, 10, LITE, "*", 0));
        ByteBuffer stored = broker.store.read(T, 0, 0, 1, Integer.MAX_VALUE).records().get(0).bytes();
        assertEquals(stored, ByteBuffer.wrap(ByteBufUtil.getBytes(response.body())));
    }

    @Test
    void aTagExpressionReturnsOnlyMatchingMessagesAndMovesPastTheOthers() throws Exception {
        broker.send(T, 0, "a", "0");
        broker.send(T, 0, "b", "1");
        broker.send(T, 0, "c", "2");
        broker.send(T, 0, "b", "3");
        broker.send(T, 0, null, "4");

        RemotingCommand response = broker.answer(client, pull(0, 0, 10, LITE, "b || c", 0));
        assertEquals(ResponseCode.SUCCESS, response.code());
        assertEquals(List.of(1L, 2L, 3L), queueOffsetsIn(response.body()));
        assertEquals(5, header(response, "nextBeginOffset"));
    }

    @Test
    void whenEveryScannedEntryIsFilteredOutTheClientRetriesFromAfterThem() throws Exception {
        broker.send(T, 0, "a", "0");
        broker.send(T, 0, "a", "1");
        RemotingCommand response = broker.answer(client, pull(0, 0, 10, LITE, "zzz", 0));
        assertEquals(ResponseCode.PULL_RETRY_IMMEDIATELY, response.code());
        assertEquals(2, header(response, "nextBeginOffset"));
        assertOffsetsPresent(response);
    }

    @Test
    void withoutTheSubscriptionBitTheHeartbeatSubscriptionFilters() throws Exception {
        broker.send(T, 0, "a", "0");
        broker.send(T, 0, "b", "1");
        RemotingCommand unknown = broker.answer(client, pull(0, 0, 10, PullSysFlag.SUSPEND, null, 0));
        assertEquals(ResponseCode.SUBSCRIPTION_NOT_EXIST, unknown.code());

        broker.context.consumers().heartbeat(client, "c1", LanguageCode.JAVA, 409, new ConsumerData(G,
                "CONSUME_PASSIVELY", "CLUSTERING", "CONSUME_FROM_LAST_OFFSET",
                List.of(new SubscriptionData(T, "b", null, null, 5, "TAG", false)), false));
        RemotingCommand response = broker.answer(client, pull(0, 0, 10, 0, null, 0));
        assertEquals(ResponseCode.SUCCESS, response.code());
        assertEquals(List.of(1L), queueOffsetsIn(response.body()));

        RemotingCommand newer = broker.request(RequestCode.PULL_MESSAGE).extFields(pull(0, 0, 10, 0, null, 0).extFields())
                .extField("subVersion", "6").build();
        assertEquals(ResponseCode.SUBSCRIPTION_NOT_LATEST, broker.answer(client, newer).code());
    }

    @Test
    void sql92IsRefusedWithARemarkSayingSo() throws Exception {
        RemotingCommand request = broker.request(RequestCode.PULL_MESSAGE).extFields(pull(0, 0, 10, LITE, "a > 1", 0).extFields())
                .extField("expressionType", "SQL92").build();
        RemotingCommand response = broker.answer(client, request);
        assertEquals(ResponseCode.SYSTEM_ERROR, response.code());
        assertTrue(response.remark().contains("SQL92"), response.remark());
    }

    @Test
    void aBatchStopsAtMaxMsgNums() throws Exception {
        for (int i = 0; i < 5; i++) {
            broker.send(T, 2, "a", "m" + i);
        }
        RemotingCommand response = broker.answer(client, pull(2, 1, 2, LITE, "*", 0));
        assertEquals(List.of(1L, 2L), queueOffsetsIn(response.body()));
        assertEquals(3, header(response, "nextBeginOffset"));
    }

    @Test
    void aBatchStopsAtTheTransferLimitsButAlwaysTakesOneMessage() throws Exception {
        broker.settings(Map.of("maxTransferCountOnMessageInMemory", "2", "maxTransferBytesOnMessageInMemory", "1"));
        for (int i = 0; i < 4; i++) {
            broker.send(T, 3, "a", "m" + i);
        }
        RemotingCommand bytesLimited = broker.answer(client, pull(3, 0, 32, LITE, "*", 0));
        assertEquals(List.of(0L), queueOffsetsIn(bytesLimited.body()), "one message always goes, whatever its size");

        broker.settings(Map.of("maxTransferCountOnMessageInMemory", "2"));
        RemotingCommand countLimited = broker.answer(client, pull(3, 0, 32, LITE, "*", 0));
        assertEquals(List.of(0L, 1L), queueOffsetsIn(countLimited.body()));
    }

    @Test
    void caughtUpWithoutSuspendIsPullNotFoundAtTheSameOffset() throws Exception {
        broker.send(T, 0, "a", "0");
        RemotingCommand response = broker.answer(client, pull(0, 1, 10, PullSysFlag.SUBSCRIPTION, "*", 0));
        assertEquals(ResponseCode.PULL_NOT_FOUND, response.code());
        assertEquals(1, header(response, "nextBeginOffset"));
        assertOffsetsPresent(response);
    }

    @Test
    void anUnknownQueueIsNotFoundAtZeroAndMovedToZeroElsewhere() throws Exception {
        RemotingCommand atZero = broker.answer(client, pull(1, 0, 10, PullSysFlag.SUBSCRIPTION, "*", 0));
        assertEquals(ResponseCode.PULL_NOT_FOUND, atZero.code());
        assertEquals(0, header(atZero, "nextBeginOffset"));
        assertOffsetsPresent(atZero);

        RemotingCommand beyond = broker.answer(client, pull(1, 7, 10, PullSysFlag.SUBSCRIPTION, "*", 0));
        assertEquals(ResponseCode.PULL_OFFSET_MOVED, beyond.code());
        assertEquals(0, header(beyond, "nextBeginOffset"));
    }

    @Test
    void anOffsetPastTheEndIsMovedToTheMaxOffset() throws Exception {
        broker.send(T, 0, "a", "0");
        broker.send(T, 0, "a", "1");
        RemotingCommand response = broker.answer(client, pull(0, 9, 10, LITE, "*", 0));
        assertEquals(ResponseCode.PULL_OFFSET_MOVED, response.code());
        assertEquals(2, header(response, "nextBeginOffset"));
        assertEquals(2, header(response, "maxOffset"));
    }

    @Test
    void badRequestsGetTheirOwnCodes() throws Exception {
        RemotingCommand noTopic = broker.request(RequestCode.PULL_MESSAGE).extFields(pull(0, 0, 1, LITE, "*", 0).extFields())
                .extField("topic", "Nope").build();
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, broker.answer(client, noTopic).code());
        assertEquals(ResponseCode.INVALID_PARAMETER, broker.answer(client, pull(4, 0, 1, LITE, "*", 0)).code());
        assertEquals(ResponseCode.INVALID_PARAMETER, broker.answer(client, pull(-1, 0, 1, LITE, "*", 0)).code());
        RemotingCommand missing = broker.request(RequestCode.PULL_MESSAGE).extField("topic", T).build();
        RemotingCommand answer = broker.answer(client, missing);
        assertEquals(ResponseCode.INVALID_PARAMETER, answer.code());
        assertTrue(answer.remark().contains("consumerGroup"), answer.remark());

        broker.context.topics().put(TopicConfig.of("WriteOnly", 1, Perm.WRITE));
        RemotingCommand writeOnly = broker.request(RequestCode.PULL_MESSAGE).extFields(pull(0, 0, 1, LITE, "*", 0).extFields())
                .extField("topic", "WriteOnly").build();
        assertEquals(ResponseCode.NO_PERMISSION, broker.answer(client, writeOnly).code());

        broker.settings(Map.of("autoCreateSubscriptionGroup", "false"));
        RemotingCommand unknownGroup = broker.request(RequestCode.PULL_MESSAGE).extFields(pull(0, 0, 1, LITE, "*", 0).extFields())
                .extField("consumerGroup", "stranger").build();
        assertEquals(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, broker.answer(client, unknownGroup).code());
    }

    @Test
    void theCommitOffsetBitStoresTheConsumersOffset() throws Exception {
        RemotingCommand request = broker.request(RequestCode.PULL_MESSAGE)
                .extFields(pull(0, 0, 1, PullSysFlag.COMMIT_OFFSET | PullSysFlag.SUBSCRIPTION, "*", 0).extFields())
                .extField("commitOffset", "42").build();
        broker.answer(client, request);
        assertEquals(42, broker.context.offsets().query(G, T, 0).orElseThrow());

        broker.answer(client, broker.request(RequestCode.PULL_MESSAGE)
                .extFields(pull(0, 0, 1, PullSysFlag.SUBSCRIPTION, "*", 0).extFields()).extField("commitOffset", "50").build());
        assertEquals(42, broker.context.offsets().query(G, T, 0).orElseThrow(), "without the bit nothing is stored");
    }

    @Test
    void theRoutingPolicySuggestsTheNextBroker() throws Exception {
        AtomicReference<PullContext> seen = new AtomicReference<>();
        TestServices.bindRouting(broker.context.services(), pull -> {
            seen.set(pull);
            return 1;
        });
        broker.send(T, 0, "a", "0");
        RemotingCommand response = broker.answer(client, pull(0, 0, 10, LITE, "*", 0));
        assertEquals(1, header(response, "suggestWhichBrokerId"));
        assertEquals(0, seen.get().pullPhysicalOffset());
        assertEquals(broker.store.watermarks().written(), seen.get().maxPhysicalOffset());
    }

    @Test
    void aLongPollIsAnsweredWhenAMessageArrives() throws Exception {
        long start = System.nanoTime();
        CompletableFuture<RemotingCommand> held = broker.call(client, pull(1, 0, 10, LITE, "*", 20_000)).toCompletableFuture();
        assertFalse(held.isDone(), "an empty queue holds the pull");
        assertEquals(1, broker.area.heldPulls());

        broker.send(T, 1, "a", "late");
        RemotingCommand response = held.get(15, TimeUnit.SECONDS);
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(ResponseCode.SUCCESS, response.code());
        assertEquals(List.of(0L), queueOffsetsIn(response.body()));
        assertTrue(waitedMillis < 20_000, "answered by the arrival, not by the 20 s timeout");
        assertEquals(0, broker.area.heldPulls());
    }

    @Test
    void aLongPollWithNothingArrivingTimesOutWithPullNotFound() throws Exception {
        CompletableFuture<RemotingCommand> held = broker.call(client, pull(2, 0, 10, LITE, "*", 300)).toCompletableFuture();
        RemotingCommand response = held.get(15, TimeUnit.SECONDS);
        assertEquals(ResponseCode.PULL_NOT_FOUND, response.code());
        assertEquals(0, header(response, "nextBeginOffset"));
        assertOffsetsPresent(response);
    }

    @Test
    void aHeldPullOfAClosedConnectionIsDropped() throws Exception {
        CompletableFuture<RemotingCommand> held = broker.call(client, pull(1, 0, 10, LITE, "*", 20_000)).toCompletableFuture();
        broker.area.connectionClosed(client);
        assertNull(held.get(5, TimeUnit.SECONDS));
        assertEquals(0, broker.area.heldPulls());
    }

    @Test
    void closingTheAreaAnswersEveryHeldPull() throws Exception {
        CompletableFuture<RemotingCommand> held = broker.call(client, pull(3, 0, 10, LITE, "*", 20_000)).toCompletableFuture();
        broker.area.close();
        RemotingCommand response = held.get(5, TimeUnit.SECONDS);
        assertEquals(ResponseCode.PULL_NOT_FOUND, response.code());
        assertOffsetsPresent(response);
    }

    @Test
    void aHeldPullFollowsTheStoreItWasHeldOn() throws Exception {
        // An arrival listener is on the bound store once a pull has run.
        CompletableFuture<RemotingCommand> held = broker.call(client, pull(0, 0, 10, LITE, "*", 20_000)).toCompletableFuture();
        broker.send(T, 0, "a", "x");
        assertEquals(ResponseCode.SUCCESS, held.get(15, TimeUnit.SECONDS).code());
        assertEquals("x", new String(lastBody(broker.answer(client, pull(0, 0, 10, LITE, "*", 0))), StandardCharsets.UTF_8));
    }

    private static byte[] lastBody(RemotingCommand response) {
        ByteBuffer bytes = ByteBuffer.wrap(ByteBufUtil.getBytes(response.body()));
        int bodyLength = bytes.getInt(84);
        byte[] body = new byte[bodyLength];
        bytes.position(88);
        bytes.get(body);
        return body;
    }

    static HeartbeatData heartbeat(String clientId, ConsumerData consumer) {
        return new HeartbeatData(clientId, List.of(), List.of(consumer), 0, false);
    }
}
