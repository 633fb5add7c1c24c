package io.ballast.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.broker.consume.ConsumeFixture;
import io.ballast.broker.send.MessageArea;
import io.ballast.dedup.IdempotentDedup;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestProcessor;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.spi.message.Message;
import io.ballast.spi.message.MessageProperties;
import io.ballast.spi.store.AppendResult;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The idempotent dedup plugin bound into the broker: real send and pull processors over the real store. */
class DedupPluginTest {
    private static final String T = "Orders";
    private static final String G = "cg";

    @TempDir
    Path dir;
    private ConsumeFixture broker;
    private IdempotentDedup dedup;
    private RequestProcessor send;
    private final FakeChannel client = new FakeChannel("10.1.2.3", 54321);

    @BeforeEach
    void open() throws Exception {
        broker = new ConsumeFixture(dir);
        broker.topic(T, 4);
        dedup = new IdempotentDedup(broker.store, broker.store, new IdempotentDedup.Settings(true, 600, 10_000, 3_000),
                System::currentTimeMillis);
        broker.context.services().bindDedup(dedup, Map.of("component.name", "dedup-idempotent", "service.ranking", 100));
        Map<Integer, RequestProcessor> processors = new HashMap<>();
        new MessageArea(broker.context).register((code, processor, lane) -> processors.put(code, processor));
        send = processors.get(RequestCode.SEND_MESSAGE_V2);
    }

    @AfterEach
    void close() {
        dedup.close();
        broker.close();
    }

    private RemotingCommand sendV2(int queueId, String uniqKey) throws Exception {
        RemotingCommand request = RemotingCommand.builder().code(RequestCode.SEND_MESSAGE_V2).version(409).opaque(7)
                .extField("a", "producer-group").extField("b", T).extField("c", "TBW102").extField("d", "4")
                .extField("e", Integer.toString(queueId)).extField("f", "0").extField("g", "1700000000000")
                .extField("h", "0").extField("i", MessageProperties.encode(Map.of(MessageProperties.UNIQ_KEY, uniqKey)))
                .extField("j", "0").extField("k", "false").extField("m", "false").extField("n", "broker-t")
                .body(Unpooled.wrappedBuffer(("order " + uniqKey).getBytes(StandardCharsets.UTF_8))).build();
        return send.process(client, request).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private RemotingCommand pull(int queueId, long offset, long commitOffset) throws Exception {
        int sysFlag = 0x1 | 0x2 | 0x4; // commit offset, suspend, subscription
        return broker.answer(client, broker.request(RequestCode.PULL_MESSAGE)
                .extField("consumerGroup", G).extField("topic", T).extField("queueId", Integer.toString(queueId))
                .extField("queueOffset", Long.toString(offset)).extField("maxMsgNums", "32")
                .extField("sysFlag", Integer.toString(sysFlag)).extField("commitOffset", Long.toString(commitOffset))
                .extField("suspendTimeoutMillis", "0").extField("subVersion", "0")
                .extField("subscription", "*").extField("expressionType", "TAG").build());
    }

    private static List<Long> queueOffsetsIn(RemotingCommand response) {
        List<Long> offsets = new ArrayList<>();
        ByteBuffer bytes = ByteBuffer.wrap(ByteBufUtil.getBytes(response.body()));
        while (bytes.remaining() > 0) {
            offsets.add(bytes.getLong(bytes.position() + 20));
            bytes.position(bytes.position() + bytes.getInt(bytes.position()));
        }
        return offsets;
    }

    @Test
    void aRetriedSendIsAnsweredWithTheOriginalAndStoredOnce() throws Exception {
        RemotingCommand first = sendV2(2, "C0A8000100002A9F0000000000000001");
        RemotingCommand retry = sendV2(2, "C0A8000100002A9F0000000000000001");
        assertEquals(ResponseCode.SUCCESS, first.code());
        assertEquals(ResponseCode.SUCCESS, retry.code());
        for (String field : List.of("msgId", "queueId", "queueOffset")) {
            assertEquals(first.extFields().get(field), retry.extFields().get(field), field);
        }
        assertTrue(BrokerFixture.eventually(() -> broker.store.maxQueueOffset(T, 2) >= 1));
        sendV2(2, "C0A8000100002A9F0000000000000002"); // a fence: once it is visible, so would be a second copy
        assertTrue(BrokerFixture.eventually(() -> broker.store.maxQueueOffset(T, 2) >= 2));
        assertEquals(2, broker.store.maxQueueOffset(T, 2), "the retry stored no copy");
    }

    @Test
    void aPullLeavesOutACopyOfAMessageTheGroupConsumedAndMovesPastIt() throws Exception {
        // The first copy on queue 0, a copy stored around the filter (as before it was installed) on queue 1.
        Message original = Message.builder(T, "x".getBytes(StandardCharsets.UTF_8)).queueId(0)
                .properties(Map.of(MessageProperties.UNIQ_KEY, "K1")).build();
        broker.send(original);
        AppendResult copy = broker.send(original.toBuilder().queueId(1).build());
        broker.send(Message.builder(T, "y".getBytes(StandardCharsets.UTF_8)).queueId(1)
                .properties(Map.of(MessageProperties.UNIQ_KEY, "K2")).build());
        assertTrue(dedup.awaitCaughtUp(10_000));

        RemotingCommand fromQueue0 = pull(0, 0, 0);
        assertEquals(List.of(0L), queueOffsetsIn(fromQueue0), "the first copy is delivered");
        pull(0, 1, 1); // the group commits past it

        RemotingCommand fromQueue1 = pull(1, 0, -1);
        assertEquals(ResponseCode.SUCCESS, fromQueue1.code());
        assertEquals(List.of(1L), queueOffsetsIn(fromQueue1), "the copy at offset " + copy.queueOffset() + " is left out");
        assertEquals("2", fromQueue1.extFields().get("nextBeginOffset"));
    }

    @Test
    void anAllFilteredBatchStillMovesTheConsumerOn() throws Exception {
        Message original = Message.builder(T, "x".getBytes(StandardCharsets.UTF_8)).queueId(0)
                .properties(Map.of(MessageProperties.UNIQ_KEY, "K1")).build();
        broker.send(original);
        broker.send(original.toBuilder().queueId(1).build());
        assertTrue(dedup.awaitCaughtUp(10_000));
        pull(0, 1, 1);

        RemotingCommand fromQueue1 = pull(1, 0, -1);
        assertEquals(ResponseCode.PULL_RETRY_IMMEDIATELY, fromQueue1.code());
        assertEquals("1", fromQueue1.extFields().get("nextBeginOffset"));
    }
}
