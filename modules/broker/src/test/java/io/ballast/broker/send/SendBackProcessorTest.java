package io.ballast.broker.send;

import static io.ballast.broker.BrokerFixture.eventually;
import static io.ballast.broker.send.SendRequests.answer;
import static io.ballast.broker.send.SendRequests.refusal;
import static io.ballast.broker.send.SendRequests.v2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.broker.BrokerFixture;
import io.ballast.broker.FakeChannel;
import io.ballast.broker.metadata.SubscriptionGroupConfig;
import io.ballast.broker.metadata.TopicNames;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestProcessor;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.spi.message.MessageProperties;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SendBackProcessorTest {
    @TempDir
    Path dir;
    private BrokerFixture broker;
    private final FakeChannel channel = new FakeChannel("10.1.2.3", 54321);
    private final Map<Integer, RequestProcessor> processors = new HashMap<>();
    private String originalId;
    private long originalOffset;

    private RequestProcessor open(Map<String, String> settings) throws Exception {
        broker = BrokerFixture.open(dir, settings);
        new MessageArea(broker.context()).register((code, processor, lane) -> processors.put(code, processor));
        RemotingCommand sent = answer(processors.get(RequestCode.SEND_MESSAGE_V2), channel,
                v2("orders", 0, Map.of(MessageProperties.TAGS, "red", MessageProperties.UNIQ_KEY, "U-9"), "failed"));
        originalId = sent.extFields().get("msgId");
        originalOffset = Long.parseLong(originalId.substring(16), 16);
        assertTrue(eventually(() -> broker.store().recordAt(originalOffset).isPresent()));
        return processors.get(RequestCode.CONSUMER_SEND_MSG_BACK);
    }

    private RequestProcessor open() throws Exception {
        return open(Map.of());
    }

    @AfterEach
    void close() {
        broker.close();
    }

    private RemotingCommand sendBack(long offset, int delayLevel, int maxReconsumeTimes) {
        return RemotingCommand.builder().code(RequestCode.CONSUMER_SEND_MSG_BACK).version(409)
                .extField("offset", Long.toString(offset)).extField("group", "g")
                .extField("delayLevel", Integer.toString(delayLevel)).extField("originMsgId", "U-9")
                .extField("originTopic", "orders").extField("maxReconsumeTimes", Integer.toString(maxReconsumeTimes)).build();
    }

    private StoredMessage first(String topic, int queueId) throws Exception {
        assertTrue(eventually(() -> broker.store().maxQueueOffset(topic, queueId) > 0), "nothing in " + topic + "/" + queueId);
        return StoredMessage.decode(broker.store().read(topic, queueId, 0, 1, 1 << 20).records().get(0).bytes());
    }

    @Test
    void aFirstFailureIsRetriedThroughDelayLevelThreeWithItsOriginRecorded() throws Exception {
        RequestProcessor sendBack = open();
        assertEquals(ResponseCode.SUCCESS, answer(sendBack, channel, sendBack(originalOffset, 0, 16)).code());

        StoredMessage parked = first(TopicNames.SCHEDULE, 2);
        assertEquals("%RETRY%g", parked.properties().get(MessageProperties.REAL_TOPIC));
        assertEquals("3", parked.properties().get(MessageProperties.DELAY));
        assertEquals("orders", parked.properties().get(MessageProperties.RETRY_TOPIC));
        assertEquals(originalId, parked.properties().get(SendBackProcessor.ORIGIN_MESSAGE_ID));
        assertEquals("U-9", parked.properties().get(MessageProperties.UNIQ_KEY));
        assertEquals("red", parked.properties().get(MessageProperties.TAGS));
        assertEquals(1, parked.reconsumeTimes());
        assertEquals(channel.remoteAddress(), parked.bornHost());
        assertTrue(broker.context().topics().find("%RETRY%g").isPresent());
    }

    @Test
    void anExplicitLevelIsKeptAndCappedAtTheLastLevel() throws Exception {
        RequestProcessor sendBack = open();
        answer(sendBack, channel, sendBack(originalOffset, 25, 16));
        assertEquals("18", first(TopicNames.SCHEDULE, 17).properties().get(MessageProperties.DELAY));
    }

    @Test
    void aNegativeLevelOrMaxReconsumeTimesReachedGoesToTheDeadLetterQueue() throws Exception {
        RequestProcessor sendBack = open();
        answer(sendBack, channel, sendBack(originalOffset, -1, 16));
        answer(sendBack, channel, sendBack(originalOffset, 0, 0));
        assertTrue(eventually(() -> broker.store().maxQueueOffset("%DLQ%g", 0) == 2));
        StoredMessage dead = first("%DLQ%g", 0);
        assertEquals(1, dead.reconsumeTimes());
        assertTrue(!dead.properties().containsKey(MessageProperties.DELAY));
        assertEquals(0, broker.store().maxQueueOffset(TopicNames.SCHEDULE, 2));
    }

    @Test
    void anUnknownOffsetIsSystemError() throws Exception {
        RequestProcessor sendBack = open();
        var refused = refusal(sendBack, channel, sendBack(originalOffset + 1, 0, 16));
        assertEquals(ResponseCode.SYSTEM_ERROR, refused.responseCode());
        assertTrue(refused.remark().contains(Long.toString(originalOffset + 1)));
    }

    @Test
    void aGroupWithoutRetryQueuesDropsTheMessageWithSuccess() throws Exception {
        RequestProcessor sendBack = open();
        broker.context().groups().put(new SubscriptionGroupConfig("g", true, true, true, false, 0, 16, 0, 1, true, 0));
        long written = broker.store().watermarks().written();
        assertEquals(ResponseCode.SUCCESS, answer(sendBack, channel, sendBack(originalOffset, 0, 16)).code());
        assertEquals(written, broker.store().watermarks().written());
    }

    @Test
    void anUnknownGroupIsRefusedWhenGroupsAreNotAutoCreated() throws Exception {
        RequestProcessor sendBack = open(Map.of("autoCreateSubscriptionGroup", "false"));
        assertEquals(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                refusal(sendBack, channel, sendBack(originalOffset, 0, 16)).responseCode());
    }
}
