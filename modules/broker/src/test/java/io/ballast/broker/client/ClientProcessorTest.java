package io.ballast.broker.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.broker.client.HeartbeatData.ConsumerData;
import io.ballast.broker.client.HeartbeatData.ProducerData;
import io.ballast.broker.client.HeartbeatData.SubscriptionData;
import io.ballast.broker.consume.ConsumeFixture;
import io.ballast.broker.FakeChannel;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.protocol.Json;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientProcessorTest {
    @TempDir
    Path dir;
    ConsumeFixture broker;
    final FakeChannel first = new FakeChannel(40001);
    final FakeChannel second = new FakeChannel(40002);

    @BeforeEach
    void open() throws Exception {
        broker = new ConsumeFixture(dir);
    }

    @AfterEach
    void close() {
        broker.close();
    }

    RemotingCommand heartbeat(String clientId, String group, String messageModel) {
        HeartbeatData data = new HeartbeatData(clientId, List.of(new ProducerData("CLIENT_INNER_PRODUCER")),
                List.of(new ConsumerData(group, "CONSUME_ACTIVELY", messageModel, "CONSUME_FROM_LAST_OFFSET",
                        List.of(new SubscriptionData("Orders", "*", null, null, 0, "TAG", false)), false)), 0, false);
        return broker.request(RequestCode.HEART_BEAT).body(Unpooled.wrappedBuffer(Json.write(data))).build();
    }

    List<String> consumerList(String group) throws Exception {
        RemotingCommand response = broker.answer(first, broker.request(RequestCode.GET_CONSUMER_LIST_BY_GROUP)
                .extField("consumerGroup", group).build());
        assertEquals(ResponseCode.SUCCESS, response.code(), String.valueOf(response.remark()));
        return List.of(Json.read(ByteBufUtil.getBytes(response.body()), ConsumerIdListBody.class).consumerIdList());
    }

    record ConsumerIdListBody(String[] consumerIdList) {
    }

    static long notifications(FakeChannel channel, String group) {
        return channel.sent().stream().filter(c -> c.code() == RequestCode.NOTIFY_CONSUMER_IDS_CHANGED
                && group.equals(c.extFields().get("consumerGroup"))).count();
    }

    @Test
    void aHeartbeatRegistersTheClientBeforeItIsAnsweredAndNotifiesTheGroup() throws Exception {
        RemotingCommand response = broker.answer(first, heartbeat("c1", "cg", "CLUSTERING"));
        assertEquals(ResponseCode.SUCCESS, response.code());
        assertEquals(List.of("c1"), consumerList("cg"));
        assertEquals(1, notifications(first, "cg"), "even a lone new member is told, so its first rebalance is immediate");
        assertTrue(broker.context.topics().find("%RETRY%cg").isPresent(), "clustering groups get their retry topic");
        assertTrue(broker.context.groups().find("cg").isPresent(), "the group is auto-created");
        assertTrue(broker.context.producers().producers("CLIENT_INNER_PRODUCER").containsKey("c1"));
    }

    @Test
    void aNewMemberIsAnnouncedToEveryMemberAndARepeatedHeartbeatToNobody() throws Exception {
        broker.answer(first, heartbeat("c1", "cg", "CLUSTERING"));
        broker.answer(second, heartbeat("c2", "cg", "CLUSTERING"));
        assertEquals(List.of("c1", "c2"), consumerList("cg"));
        assertEquals(2, notifications(first, "cg"));
        assertEquals(1, notifications(second, "cg"));

        broker.answer(second, heartbeat("c2", "cg", "CLUSTERING"));
        assertEquals(2, notifications(first, "cg"), "nothing changed, nothing sent");
    }

    @Test
    void broadcastingGroupsGetNoRetryTopic() throws Exception {
        broker.answer(first, heartbeat("c1", "bg", "BROADCASTING"));
        assertFalse(broker.context.topics().find("%RETRY%bg").isPresent());
    }

    @Test
    void anUnknownGroupIsSkippedWhenAutoCreationIsOff() throws Exception {
        broker.settings(Map.of("autoCreateSubscriptionGroup", "false"));
        assertEquals(ResponseCode.SUCCESS, broker.answer(first, heartbeat("c1", "cg", "CLUSTERING")).code());
        RemotingCommand list = broker.answer(first, broker.request(RequestCode.GET_CONSUMER_LIST_BY_GROUP)
                .extField("consumerGroup", "cg").build());
        assertEquals(ResponseCode.SYSTEM_ERROR, list.code());
        assertTrue(list.remark().contains("cg"));
    }

    @Test
    void unregisteringRemovesTheClientAndTellsTheRest() throws Exception {
        broker.answer(first, heartbeat("c1", "cg", "CLUSTERING"));
        broker.answer(second, heartbeat("c2", "cg", "CLUSTERING"));
        RemotingCommand response = broker.answer(second, broker.request(RequestCode.UNREGISTER_CLIENT)
                .extField("clientID", "c2").extField("consumerGroup", "cg").extField("producerGroup", "CLIENT_INNER_PRODUCER").build());
        assertEquals(ResponseCode.SUCCESS, response.code());
        assertEquals(List.of("c1"), consumerList("cg"));
        assertEquals(3, notifications(first, "cg"));
        assertFalse(broker.context.producers().producers("CLIENT_INNER_PRODUCER").containsKey("c2"));
    }

    @Test
    void aClosedConnectionLeavesItsGroupsAndTheRestAreTold() throws Exception {
        broker.answer(first, heartbeat("c1", "cg", "CLUSTERING"));
        broker.answer(second, heartbeat("c2", "cg", "CLUSTERING"));
        broker.area.connectionClosed(second);
        assertEquals(List.of("c1"), consumerList("cg"));
        assertEquals(3, notifications(first, "cg"));
        assertTrue(broker.context.producers().producers("CLIENT_INNER_PRODUCER").keySet().equals(java.util.Set.of("c1")));
    }

    @Test
    void aHeartbeatThatIsNotJsonIsInvalid() throws Exception {
        RemotingCommand response = broker.answer(first, broker.request(RequestCode.HEART_BEAT)
                .body(Unpooled.wrappedBuffer("{not json".getBytes(StandardCharsets.UTF_8))).build());
        assertEquals(ResponseCode.INVALID_PARAMETER, response.code());
        assertEquals(ResponseCode.INVALID_PARAMETER, broker.answer(first, broker.request(RequestCode.HEART_BEAT).build()).code());
    }

    @Test
    void checkClientConfigAcceptsTagsAndRefusesSql92() throws Exception {
        RemotingCommand tag = broker.request(RequestCode.CHECK_CLIENT_CONFIG).body(Unpooled.wrappedBuffer(Json.write(Map.of(
                "clientId", "c1", "group", "cg", "subscriptionData", Map.of("topic", "Orders", "subString", "a", "expressionType", "TAG")))))
                .build();
        assertEquals(ResponseCode.SUCCESS, broker.answer(first, tag).code());
        RemotingCommand sql = broker.request(RequestCode.CHECK_CLIENT_CONFIG).body(Unpooled.wrappedBuffer(Json.write(Map.of(
                "clientId", "c1", "group", "cg", "subscriptionData", Map.of("topic", "Orders", "subString", "a > 1", "expressionType", "SQL92")))))
                .build();
        RemotingCommand refused = broker.answer(first, sql);
        assertEquals(ResponseCode.SYSTEM_ERROR, refused.code());
        assertTrue(refused.remark().contains("SQL92"));
    }
}
