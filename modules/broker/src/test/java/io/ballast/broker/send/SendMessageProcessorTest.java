package io.ballast.broker.send;

import static io.ballast.broker.BrokerFixture.eventually;
import static io.ballast.broker.send.SendRequests.answer;
import static io.ballast.broker.send.SendRequests.refusal;
import static io.ballast.broker.send.SendRequests.v2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.broker.BrokerFixture;
import io.ballast.broker.FakeChannel;
import io.ballast.broker.metadata.SubscriptionGroupConfig;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestProcessor;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.remoting.protocol.TopicConfig;
import io.ballast.remoting.protocol.Perm;
import io.ballast.spi.message.MessageProperties;
import io.ballast.spi.store.ReadResult;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SendMessageProcessorTest {
    @TempDir
    Path dir;
    private BrokerFixture broker;
    private final FakeChannel channel = new FakeChannel("10.1.2.3", 54321);
    private final Map<Integer, RequestProcessor> processors = new HashMap<>();

    private RequestProcessor send(Map<String, String> settings) throws Exception {
        broker = BrokerFixture.open(dir, settings);
        new MessageArea(broker.context()).register((code, processor, lane) -> processors.put(code, processor));
        return processors.get(RequestCode.SEND_MESSAGE_V2);
    }

    private RequestProcessor send() throws Exception {
        return send(Map.of());
    }

    @AfterEach
    void close() {
        if (broker != null) {
            broker.close();
        }
    }

    private StoredMessage stored(String topic, int queueId) throws Exception {
        assertTrue(eventually(() -> broker.store().maxQueueOffset(topic, queueId) > 0), "nothing visible in " + topic + "/" + queueId);
        ReadResult read = broker.store().read(topic, queueId, 0, 1, 1 << 20);
        return StoredMessage.decode(read.records().get(0).bytes());
    }

    @Test
    void aV2SendIsStoredAndAnsweredWithEveryFieldTheClientReads() throws Exception {
        RequestProcessor send = send();
        RemotingCommand response = answer(send, channel, v2("orders", 2,
                Map.of(MessageProperties.UNIQ_KEY, "C0A8000100002A9F0000000000000001", MessageProperties.TAGS, "red"), "hello"));

        assertEquals(ResponseCode.SUCCESS, response.code());
        assertEquals(7, response.opaque());
        assertEquals("2", response.extFields().get("queueId"));
        assertEquals("0", response.extFields().get("queueOffset"));
        assertEquals(32, response.extFields().get("msgId").length());
        assertEquals("C0A8000100002A9F0000000000000001", response.extFields().get("transactionId"));
        assertEquals("DefaultRegion", response.extFields().get("MSG_REGION"));
        assertEquals("true", response.extFields().get("TRACE_ON"));

        StoredMessage stored = stored("orders", 2);
        assertEquals("hello", new String(stored.body(), StandardCharsets.UTF_8));
        assertEquals("red", stored.properties().get(MessageProperties.TAGS));
        assertEquals("DefaultCluster", stored.properties().get("CLUSTER"));
        assertEquals("C0A8000100002A9F0000000000000001", stored.properties().get(MessageProperties.UNIQ_KEY));
        assertEquals(channel.remoteAddress(), stored.bornHost());
        assertEquals(1700000000000L, stored.bornTimestamp());
        assertEquals(1, broker.context().stats().messagesPut("orders"));
    }

    @Test
    void aV1SendWithoutUniqueKeyGetsOneAndItIsTheTransactionId() throws Exception {
        RequestProcessor send = send();
        RemotingCommand request = RemotingCommand.builder().code(RequestCode.SEND_MESSAGE).version(409)
                .extField("producerGroup", "pg").extField("topic", "plain").extField("defaultTopic", "TBW102")
                .extField("defaultTopicQueueNums", "4").extField("queueId", "0").extField("sysFlag", "0")
                .extField("bornTimestamp", "1").extField("flag", "5").extField("properties", "")
                .body(Unpooled.wrappedBuffer(new byte[] {1, 2, 3})).build();
        RemotingCommand response = answer(processors.get(RequestCode.SEND_MESSAGE), channel, request);

        assertEquals(ResponseCode.SUCCESS, response.code());
        String uniqueKey = response.extFields().get("transactionId");
        assertEquals(32, uniqueKey.length());
        StoredMessage stored = stored("plain", 0);
        assertEquals(uniqueKey, stored.properties().get(MessageProperties.UNIQ_KEY));
        assertEquals(5, stored.flag());
    }

    @Test
    void anUnknownTopicIsCreatedFromTheTemplateWithItsQueueCountCapped() throws Exception {
        RequestProcessor send = send();
        answer(send, channel, v2("fresh", -1, Map.of(), "x"));
        TopicConfig created = broker.context().topics().find("fresh").orElseThrow();
        assertEquals(4, created.writeQueueNums());
        assertEquals(Perm.READ | Perm.WRITE, created.perm());
    }

    @Test
    void withAutoCreationOffAnUnknownTopicIsTopicNotExist() throws Exception {
        RequestProcessor send = send(Map.of("autoCreateTopicEnable", "false"));
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, refusal(send, channel, v2("fresh", 0, Map.of(), "x")).responseCode());
        assertEquals(1, broker.context().stats().sendFailures());
    }

    @Test
    void aBadTopicNameIsInvalidParameterAndASystemTopicIsForbidden() throws Exception {
        RequestProcessor send = send();
        assertEquals(ResponseCode.INVALID_PARAMETER, refusal(send, channel, v2("bad topic!", 0, Map.of(), "x")).responseCode());
        assertEquals(ResponseCode.NO_PERMISSION, refusal(send, channel, v2("SCHEDULE_TOPIC_XXXX", 0, Map.of(), "x")).responseCode());
    }

    @Test
    void aQueuePastTheTopicsQueuesIsInvalidParameterAndANegativeOneIsChosenByTheBroker() throws Exception {
        RequestProcessor send = send();
        broker.context().topics().put(TopicConfig.of("two", 2, Perm.READ | Perm.WRITE));
        assertEquals(ResponseCode.INVALID_PARAMETER, refusal(send, channel, v2("two", 2, Map.of(), "x")).responseCode());
        for (int i = 0; i < 20; i++) {
            int queue = Integer.parseInt(answer(send, channel, v2("two", -1, Map.of(), "x")).extFields().get("queueId"));
            assertTrue(queue == 0 || queue == 1, "queue " + queue);
        }
    }

    @Test
    void aMissingHeaderFieldIsInvalidParameterNamingIt() throws Exception {
        RequestProcessor send = send();
        RemotingCommand request = RemotingCommand.builder().code(RequestCode.SEND_MESSAGE_V2).version(409)
                .extField("a", "pg").extField("c", "TBW102").extField("d", "4").extField("e", "0")
                .extField("f", "0").extField("g", "0").extField("h", "0").build();
        var refused = refusal(send, channel, request);
        assertEquals(ResponseCode.INVALID_PARAMETER, refused.responseCode());
        assertTrue(refused.remark().contains("topic"), refused.remark());
    }

    @Test
    void aBodyOverMaxMessageSizeAndOverlongPropertiesAreMessageIllegal() throws Exception {
        RequestProcessor send = send(Map.of("maxMessageSize", "1024"));
        long writtenBefore = broker.store().watermarks().written();
        assertEquals(ResponseCode.MESSAGE_ILLEGAL, refusal(send, channel, v2("big", 0, Map.of(), new byte[1025]).build()).responseCode());
        assertEquals(ResponseCode.MESSAGE_ILLEGAL,
                refusal(send, channel, v2("big", 0, Map.of("KEYS", "k".repeat(40_000)), "x")).responseCode());
        assertEquals(writtenBefore, broker.store().watermarks().written());
    }

    @Test
    void aSlaveRefusesSendsWithServiceNotAvailable() throws Exception {
        RequestProcessor send = send(Map.of("brokerRole", "SLAVE"));
        var refused = refusal(send, channel, v2("orders", 0, Map.of(), "x"));
        assertEquals(ResponseCode.SERVICE_NOT_AVAILABLE, refused.responseCode());
        assertTrue(refused.remark().contains("slave"));
    }

    @Test
    void aTransactionalHalfMessageIsRefusedRatherThanDeliveredAtOnce() throws Exception {
        RequestProcessor send = send();
        assertEquals(ResponseCode.NO_PERMISSION, refusal(send, channel, v2("orders", 0, Map.of("TRAN_MSG", "true"), "x")).responseCode());
    }

    @Test
    void aRetrySendOfAnUnknownGroupIsRefusedWhenGroupsAreNotAutoCreated() throws Exception {
        RequestProcessor send = send(Map.of("autoCreateSubscriptionGroup", "false"));
        assertEquals(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                refusal(send, channel, v2("%RETRY%nobody", 0, Map.of(), "x")).responseCode());
    }

    @Test
    void aRetrySendPastMaxReconsumeTimesGoesToTheDeadLetterQueueWithoutDelay() throws Exception {
        RequestProcessor send = send();
        broker.context().groups().put(SubscriptionGroupConfig.defaults("g"));
        RemotingCommand request = v2("%RETRY%g", 0, Map.of(MessageProperties.DELAY, "3"), "late".getBytes())
                .extField("j", "3").extField("l", "2").build();
        RemotingCommand response = answer(send, channel, request);

        assertEquals(ResponseCode.SUCCESS, response.code());
        StoredMessage dead = stored("%DLQ%g", 0);
        assertEquals(3, dead.reconsumeTimes());
        assertFalse(dead.properties().containsKey(MessageProperties.DELAY));
        assertEquals(0, broker.store().maxQueueOffset("SCHEDULE_TOPIC_XXXX", 2));
    }

    @Test
    void anOldClientsMaxReconsumeTimesIsIgnoredInFavourOfTheGroups() throws Exception {
        RequestProcessor send = send();
        broker.context().groups().put(SubscriptionGroupConfig.defaults("g")); // retryMaxTimes 16
        RemotingCommand request = v2("%RETRY%g", 0, Map.of(), "x".getBytes()).version(100)
                .extField("j", "3").extField("l", "2").build();
        answer(send, channel, request);
        assertTrue(eventually(() -> broker.store().maxQueueOffset("%RETRY%g", 0) == 1));
        assertEquals(0, broker.store().maxQueueOffset("%DLQ%g", 0));
    }

    @Test
    void aMultiTagTopicGetsTheMultiTagsSysFlag() throws Exception {
        RequestProcessor send = send();
        broker.context().topics().put(new TopicConfig("tags", 1, 1, 6, "MULTI_TAG", 0, false, Map.of()));
        answer(send, channel, v2("tags", 0, Map.of(), "x"));
        assertEquals(SendMessageProcessor.MULTI_TAGS, stored("tags", 0).sysFlag() & SendMessageProcessor.MULTI_TAGS);
    }

    private RemotingCommand batchRequest(String topic, byte[] body) {
        return v2(topic, 1, Map.of(), body).code(RequestCode.SEND_BATCH_MESSAGE).extField("m", "true").build();
    }

    @Test
    void aBatchIsStoredAsConsecutiveMessagesAnsweredWithOneIdEach() throws Exception {
        send();
        RequestProcessor batch = processors.get(RequestCode.SEND_BATCH_MESSAGE);
        byte[] body = BatchBodyTest.batch(BatchBodyTest.record(1, "a", Map.of("UNIQ_KEY", "B-1")),
                BatchBodyTest.record(2, "b", Map.of("UNIQ_KEY", "B-2")), BatchBodyTest.record(3, "c", Map.of()));
        RemotingCommand response = answer(batch, channel, batchRequest("bulk", body));

        assertEquals(ResponseCode.SUCCESS, response.code());
        assertEquals(3, response.extFields().get("msgId").split(",").length);
        assertEquals("1", response.extFields().get("queueId"));
        assertEquals("DefaultRegion", response.extFields().get("MSG_REGION"));
        assertTrue(eventually(() -> broker.store().maxQueueOffset("bulk", 1) == 3));
        StoredMessage third = StoredMessage.decode(broker.store().read("bulk", 1, 2, 1, 1 << 20).records().get(0).bytes());
        assertEquals(3, third.flag());
        assertNotNull(third.properties().get(MessageProperties.UNIQ_KEY));
        assertEquals(3, broker.context().stats().messagesPut("bulk"));
    }

    @Test
    void aMalformedBatchOrABatchToARetryTopicIsMessageIllegalAndStoresNothing() throws Exception {
        send();
        RequestProcessor batch = processors.get(RequestCode.SEND_BATCH_MESSAGE);
        long written = broker.store().watermarks().written();
        byte[] good = BatchBodyTest.record(1, "a", Map.of());
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 1);
        assertEquals(ResponseCode.MESSAGE_ILLEGAL, refusal(batch, channel, batchRequest("bulk", truncated)).responseCode());
        assertEquals(ResponseCode.MESSAGE_ILLEGAL, refusal(batch, channel, batchRequest("%RETRY%g", good)).responseCode());
        assertEquals(written, broker.store().watermarks().written());
    }
}
