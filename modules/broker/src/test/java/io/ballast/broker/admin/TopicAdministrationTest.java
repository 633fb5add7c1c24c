package io.ballast.broker.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.remoting.protocol.TopicConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.remoting.protocol.RemotingSerializable;
import org.apache.rocketmq.remoting.protocol.body.TopicConfigSerializeWrapper;
import org.apache.rocketmq.remoting.protocol.statictopic.TopicConfigAndQueueMapping;
import org.junit.jupiter.api.Test;

class TopicAdministrationTest extends AdminTest {

    /** The header mqadmin updateTopic sends (MQClientAPIImpl.createTopic). */
    private static Map<String, String> createHeader(String topic) {
        Map<String, String> h = new HashMap<>();
        h.put("topic", topic);
        h.put("defaultTopic", "TBW102");
        h.put("readQueueNums", "4");
        h.put("writeQueueNums", "4");
        h.put("perm", "6");
        h.put("topicFilterType", "SINGLE_TAG");
        h.put("topicSysFlag", "0");
        h.put("order", "false");
        h.put("attributes", "+message.type=NORMAL");
        return h;
    }

    @Test
    void updateTopicCreatesThePersistedTopicAndTellsTheRegistration() throws Exception {
        AtomicInteger changes = new AtomicInteger();
        admin.broker.context.topics().onChange(changes::incrementAndGet);

        RemotingCommand response = admin.call(RequestCode.UPDATE_AND_CREATE_TOPIC, createHeader("orders"));

        assertEquals(ResponseCode.SUCCESS, response.code(), response.remark());
        TopicConfig created = admin.broker.context.topics().find("orders").orElseThrow();
        assertEquals(4, created.readQueueNums());
        assertEquals(6, created.perm());
        assertEquals(Map.of("message.type", "NORMAL"), created.attributes());
        assertEquals(1, changes.get());
    }

    @Test
    void anIllegalTopicNameIsRefusedWithTheReason() throws Exception {
        RemotingCommand response = admin.call(RequestCode.UPDATE_AND_CREATE_TOPIC, createHeader("bad topic!"));
        assertEquals(ResponseCode.INVALID_PARAMETER, response.code());
        assertTrue(response.remark().contains("may only contain"), response.remark());
        assertTrue(admin.broker.context.topics().find("bad topic!").isEmpty());
    }

    @Test
    void zeroQueuesOrAMissingPermAreRefusedNamingTheField() throws Exception {
        Map<String, String> zero = createHeader("orders");
        zero.put("writeQueueNums", "0");
        RemotingCommand response = admin.call(RequestCode.UPDATE_AND_CREATE_TOPIC, zero);
        assertEquals(ResponseCode.INVALID_PARAMETER, response.code());
        assertTrue(response.remark().contains("writeQueueNums"), response.remark());

        Map<String, String> noPerm = createHeader("orders");
        noPerm.remove("perm");
        response = admin.call(RequestCode.UPDATE_AND_CREATE_TOPIC, noPerm);
        assertEquals(ResponseCode.INVALID_PARAMETER, response.code());
        assertTrue(response.remark().contains("perm"), response.remark());
    }

    @Test
    void systemTopicsCanBeNeitherChangedNorDeleted() throws Exception {
        assertEquals(ResponseCode.INVALID_PARAMETER, admin.call(RequestCode.UPDATE_AND_CREATE_TOPIC, createHeader("TBW102")).code());
        assertEquals(ResponseCode.INVALID_PARAMETER, admin.call(RequestCode.DELETE_TOPIC_IN_BROKER, Map.of("topic", "SCHEDULE_TOPIC_XXXX")).code());
        assertTrue(admin.broker.context.topics().find("SCHEDULE_TOPIC_XXXX").isPresent());
    }

    @Test
    void deleteTopicRemovesItsConfigOffsetsAndQueues() throws Exception {
        admin.call(RequestCode.UPDATE_AND_CREATE_TOPIC, createHeader("orders"));
        admin.broker.append("orders", 0, 3);
        admin.broker.context.offsets().commit("g", "orders", 0, 2);

        RemotingCommand response = admin.call(RequestCode.DELETE_TOPIC_IN_BROKER, Map.of("topic", "orders"));

        assertEquals(ResponseCode.SUCCESS, response.code(), response.remark());
        assertTrue(admin.broker.context.topics().find("orders").isEmpty());
        assertTrue(admin.broker.context.offsets().offsets("g", "orders").isEmpty());
        assertEquals(0, admin.broker.store.maxQueueOffset("orders", 0));
    }

    @Test
    void theTopicTableDecodesWithTheClientsWrapper() throws Exception {
        admin.call(RequestCode.UPDATE_AND_CREATE_TOPIC, createHeader("orders"));

        byte[] body = AdminHarness.body(admin.call(RequestCode.GET_ALL_TOPIC_CONFIG, Map.of()));

        TopicConfigSerializeWrapper wrapper = RemotingSerializable.decode(body, TopicConfigSerializeWrapper.class);
        assertEquals(4, wrapper.getTopicConfigTable().get("orders").getWriteQueueNums());
        assertTrue(wrapper.getTopicConfigTable().containsKey("TBW102"));
        assertTrue(wrapper.getDataVersion().getCounter().get() > 0);
    }

    @Test
    void oneTopicsConfigIsWhatTheToolsFetchBeforeTopicStatus() throws Exception {
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, admin.call(RequestCode.GET_TOPIC_CONFIG, Map.of("topic", "orders", "lo", "true")).code());
        admin.call(RequestCode.UPDATE_AND_CREATE_TOPIC, createHeader("orders"));

        byte[] body = AdminHarness.body(admin.call(RequestCode.GET_TOPIC_CONFIG, Map.of("topic", "orders", "lo", "true")));

        TopicConfigAndQueueMapping config = RemotingSerializable.decode(body, TopicConfigAndQueueMapping.class);
        assertEquals("orders", config.getTopicName());
        assertEquals(4, config.getReadQueueNums());
        assertFalse(config.isOrder());
        assertNull(config.getMappingDetail());
    }
}
