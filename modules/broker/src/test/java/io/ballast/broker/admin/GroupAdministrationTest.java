package io.ballast.broker.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.broker.client.HeartbeatData.ConsumerData;
import io.ballast.broker.client.HeartbeatData.SubscriptionData;
import io.ballast.remoting.LanguageCode;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.remoting.protocol.RemotingSerializable;
import org.apache.rocketmq.remoting.protocol.body.Connection;
import org.apache.rocketmq.remoting.protocol.body.ConsumerConnection;
import org.apache.rocketmq.remoting.protocol.body.ConsumerOffsetSerializeWrapper;
import org.apache.rocketmq.remoting.protocol.body.ProducerConnection;
import org.apache.rocketmq.remoting.protocol.body.SubscriptionGroupWrapper;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;
import org.junit.jupiter.api.Test;

class GroupAdministrationTest extends AdminTest {

    @Test
    void updateSubGroupStoresTheGroupAsTheClientEncodesIt() throws Exception {
        SubscriptionGroupConfig config = new SubscriptionGroupConfig();
        config.setGroupName("billing");
        config.setRetryMaxTimes(3);
        config.setConsumeMessageOrderly(true);

        RemotingCommand response = admin.call(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, Map.of(),
                RemotingSerializable.encode(config));

        assertEquals(ResponseCode.SUCCESS, response.code(), response.remark());
        var stored = admin.broker.context.groups().find("billing").orElseThrow();
        assertEquals(3, stored.retryMaxTimes());
        assertTrue(stored.consumeMessageOrderly());

        SubscriptionGroupWrapper all = RemotingSerializable.decode(
                AdminHarness.body(admin.call(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG, Map.of())), SubscriptionGroupWrapper.class);
        assertEquals(3, all.getSubscriptionGroupTable().get("billing").getRetryMaxTimes());
    }

    @Test
    void aGroupBodyWithoutAUsableNameIsRefused() throws Exception {
        assertEquals(ResponseCode.INVALID_PARAMETER, admin.call(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, Map.of(),
                "{\"retryMaxTimes\":3}".getBytes()).code());
        assertEquals(ResponseCode.INVALID_PARAMETER, admin.call(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, Map.of(),
                "not json".getBytes()).code());
    }

    @Test
    void deleteSubGroupDropsItsOffsetsOnlyWhenAsked() throws Exception {
        admin.broker.context.groups().findOrCreate("billing", true);
        admin.broker.context.offsets().commit("billing", "orders", 0, 4);

        admin.call(RequestCode.DELETE_SUBSCRIPTIONGROUP, Map.of("groupName", "billing", "cleanOffset", "false"));
        assertTrue(admin.broker.context.groups().find("billing").isEmpty());
        assertEquals(Map.of(0, 4L), admin.broker.context.offsets().offsets("billing", "orders"));

        admin.call(RequestCode.DELETE_SUBSCRIPTIONGROUP, Map.of("groupName", "billing", "cleanOffset", "true"));
        assertTrue(admin.broker.context.offsets().offsets("billing", "orders").isEmpty());
    }

    @Test
    void allConsumerOffsetsDecodeWithTheClientsWrapper() throws Exception {
        admin.broker.context.offsets().commit("billing", "orders", 1, 9);

        ConsumerOffsetSerializeWrapper offsets = RemotingSerializable.decode(
                AdminHarness.body(admin.call(RequestCode.GET_ALL_CONSUMER_OFFSET, Map.of())), ConsumerOffsetSerializeWrapper.class);

        assertEquals(9L, offsets.getOffsetTable().get("orders@billing").get(1));
    }

    @Test
    void consumerConnectionsListTheLiveMembersOrAnswerNotOnline() throws Exception {
        assertEquals(ResponseCode.CONSUMER_NOT_ONLINE,
                admin.call(RequestCode.GET_CONSUMER_CONNECTION_LIST, Map.of("consumerGroup", "billing")).code());
        admin.broker.context.consumers().heartbeat(admin.channel, "10.0.0.1@1", LanguageCode.JAVA, 409,
                new ConsumerData("billing", "CONSUME_PASSIVELY", "CLUSTERING", "CONSUME_FROM_LAST_OFFSET",
                        List.of(new SubscriptionData("orders", "a || b", null, null, 7, "TAG", null)), false));

        ConsumerConnection connection = RemotingSerializable.decode(AdminHarness.body(
                admin.call(RequestCode.GET_CONSUMER_CONNECTION_LIST, Map.of("consumerGroup", "billing"))), ConsumerConnection.class);

        Connection member = connection.getConnectionSet().iterator().next();
        assertEquals("10.0.0.1@1", member.getClientId());
        assertEquals("127.0.0.1:50001", member.getClientAddr());
        assertEquals(409, member.getVersion());
        assertEquals("JAVA", member.getLanguage().name());
        assertEquals("CLUSTERING", connection.getMessageModel().name());
        assertEquals("CONSUME_PASSIVELY", connection.getConsumeType().name());
        assertEquals("a || b", connection.getSubscriptionTable().get("orders").getSubString());
    }

    @Test
    void producerConnectionsListTheProducersHeardFromOrAnswerThatTheGroupDoesNotExist() throws Exception {
        RemotingCommand none = admin.call(RequestCode.GET_PRODUCER_CONNECTION_LIST, Map.of("producerGroup", "billing-out"));
        assertEquals(ResponseCode.SYSTEM_ERROR, none.code());
        assertEquals("the producer group[billing-out] not exist", none.remark());
        admin.broker.context.producers().heartbeat("billing-out", "10.0.0.2@7", admin.channel, "JAVA", 453, 0);

        ProducerConnection producers = RemotingSerializable.decode(AdminHarness.body(
                admin.call(RequestCode.GET_PRODUCER_CONNECTION_LIST, Map.of("producerGroup", "billing-out"))), ProducerConnection.class);

        Connection producer = producers.getConnectionSet().iterator().next();
        assertEquals(1, producers.getConnectionSet().size());
        assertEquals("10.0.0.2@7", producer.getClientId());
        assertEquals("127.0.0.1:50001", producer.getClientAddr());
        assertEquals(453, producer.getVersion());
        assertEquals("JAVA", producer.getLanguage().name());
    }
}
