package io.ballast.namesrv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ballast.remoting.protocol.Json;
import io.ballast.remoting.protocol.RegisterBrokerBody;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.remoting.protocol.TopicConfig;
import io.ballast.remoting.protocol.TopicConfigWrapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RouteQueryTest {

    private final NameServer nameServer = new NameServer(new NameServerSettings("127.0.0.1", 9876, 3_600_000), new ManualClock());
    private final NameServerCalls calls = new NameServerCalls(nameServer);

    @BeforeEach
    void twoBrokers() throws Exception {
        calls.register(new FakeChannel(1), "broker-a", 0, "127.0.0.1:10911", List.of("TopicTest", "Shared", "broker-a"));
        calls.register(new FakeChannel(3), "broker-b", 0, "127.0.0.1:10931", List.of("Shared"));
    }

    @AfterEach
    void close() {
        nameServer.close();
    }

    @Test
    void theRouteOfATopicOneBrokerServesHasTheWireFormatShape() throws Exception {
        NameServerCalls.Answer answer = calls.route("TopicTest");

        assertEquals(ResponseCode.SUCCESS, answer.code());
        // wire format §2.2: quoted "0" keys, both lists, filterServerTable {}, only broker-a
        assertEquals("{\"brokerDatas\":[{\"brokerAddrs\":{\"0\":\"127.0.0.1:10911\"},\"brokerName\":\"broker-a\","
                + "\"cluster\":\"DefaultCluster\",\"enableActingMaster\":false}],"
                + "\"filterServerTable\":{},"
                + "\"queueDatas\":[{\"brokerName\":\"broker-a\",\"perm\":6,\"readQueueNums\":4,\"topicSysFlag\":0,\"writeQueueNums\":4}]}",
                answer.body());
    }

    @Test
    void anUnknownTopicIsTopicNotExistWithUpstreamsRemark() throws Exception {
        NameServerCalls.Answer answer = calls.route("Nobody");

        assertEquals(ResponseCode.TOPIC_NOT_EXIST, answer.code());
        assertEquals("No topic route info in name server for the topic: Nobody", answer.remark());
    }

    @Test
    void aRouteRequestWithoutTopicIsInvalidParameter() throws Exception {
        assertEquals(ResponseCode.INVALID_PARAMETER, calls.call(RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of()).code());
    }

    @Test
    void theTopicListHasUpstreamsShape() throws Exception {
        NameServerCalls.Answer answer = calls.call(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, Map.of());

        assertEquals("{\"topicList\":[\"Shared\",\"TopicTest\",\"broker-a\"]}", answer.body());
    }

    @Test
    void topicsByClusterListWhatItsBrokersServe() throws Exception {
        calls.call(new FakeChannel(5), RequestCode.REGISTER_BROKER,
                Map.of("brokerName", "broker-x", "brokerAddr", "127.0.0.1:20911", "clusterName", "OtherCluster",
                        "haServerAddr", "127.0.0.1:20912", "brokerId", "0"),
                Json.write(new RegisterBrokerBody(new TopicConfigWrapper(
                        Map.of("Elsewhere", TopicConfig.of("Elsewhere", 2, 6)), null), null)));

        JsonNode mine = Json.mapper().readTree(calls.call(RequestCode.GET_TOPICS_BY_CLUSTER, Map.of("cluster", "DefaultCluster")).body());
        JsonNode other = Json.mapper().readTree(calls.call(RequestCode.GET_TOPICS_BY_CLUSTER, Map.of("cluster", "OtherCluster")).body());
        JsonNode none = Json.mapper().readTree(calls.call(RequestCode.GET_TOPICS_BY_CLUSTER, Map.of("cluster", "NoSuch")).body());

        assertEquals("[\"Shared\",\"TopicTest\",\"broker-a\"]", mine.get("topicList").toString());
        assertEquals("[\"Elsewhere\"]", other.get("topicList").toString());
        assertEquals("[]", none.get("topicList").toString());
    }

    @Test
    void systemTopicsAreClusterAndBrokerNamesWithABrokerToAsk() throws Exception {
        JsonNode answer = Json.mapper().readTree(calls.call(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS, Map.of()).body());

        assertEquals("[\"DefaultCluster\",\"broker-a\",\"broker-b\"]", answer.get("topicList").toString());
        assertEquals("127.0.0.1:10911", answer.get("brokerAddr").asText());
    }

    @Test
    void deletingATopicDropsItsRouteUntilABrokerReportsItAgain() throws Exception {
        NameServerCalls.Answer answer = calls.call(RequestCode.DELETE_TOPIC_IN_NAMESRV, Map.of("topic", "Shared"));

        assertEquals(ResponseCode.SUCCESS, answer.code());
        assertFalse(calls.hasRoute("Shared"));
        assertTrue(calls.hasRoute("TopicTest"));

        calls.register(new FakeChannel(3), "broker-b", 0, "127.0.0.1:10931", List.of("Shared"));
        assertTrue(calls.hasRoute("Shared"));
    }

    @Test
    void deletingATopicInAnotherClusterLeavesThisClustersRoute() throws Exception {
        calls.call(RequestCode.DELETE_TOPIC_IN_NAMESRV, Map.of("topic", "Shared", "clusterName", "OtherCluster"));
        assertTrue(calls.hasRoute("Shared"));

        calls.call(RequestCode.DELETE_TOPIC_IN_NAMESRV, Map.of("topic", "Shared", "clusterName", "DefaultCluster"));
        assertFalse(calls.hasRoute("Shared"));
    }
}
