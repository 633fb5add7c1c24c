package io.ballast.namesrv;

import static io.ballast.namesrv.NameServerCalls.registerHeader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ballast.remoting.protocol.Json;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BrokerRegistrationTest {

    private static final String MASTER_A = "127.0.0.1:10911";
    private static final String SLAVE_A = "127.0.0.1:10921";
    private static final String MASTER_B = "127.0.0.1:10931";

    private final ManualClock clock = new ManualClock();
    // scans only when a test asks (the scheduled one is an hour away)
    private final NameServer nameServer = new NameServer(new NameServerSettings("127.0.0.1", 9876, 3_600_000), clock);
    private final NameServerCalls calls = new NameServerCalls(nameServer);

    @AfterEach
    void close() {
        nameServer.close();
    }

    @Test
    void masterAndSlaveOfOneNameAndASecondBrokerShowInRouteAndClusterInfo() throws Exception {
        assertEquals(ResponseCode.SUCCESS, calls.register(new FakeChannel(1), "broker-a", 0, MASTER_A, List.of("T")).code());
        assertEquals(ResponseCode.SUCCESS, calls.register(new FakeChannel(2), "broker-a", 1, SLAVE_A, List.of("T")).code());
        assertEquals(ResponseCode.SUCCESS, calls.register(new FakeChannel(3), "broker-b", 0, MASTER_B, List.of("T", "OnlyB")).code());

        JsonNode route = Json.mapper().readTree(calls.route("T").body());
        assertEquals(2, route.get("queueDatas").size());
        assertEquals("broker-a", route.get("queueDatas").get(0).get("brokerName").asText());
        assertEquals("broker-b", route.get("queueDatas").get(1).get("brokerName").asText());
        JsonNode brokerA = route.get("brokerDatas").get(0);
        assertEquals("broker-a", brokerA.get("brokerName").asText());
        assertEquals(MASTER_A, brokerA.get("brokerAddrs").get("0").asText());
        assertEquals(SLAVE_A, brokerA.get("brokerAddrs").get("1").asText());
        assertEquals(MASTER_B, route.get("brokerDatas").get(1).get("brokerAddrs").get("0").asText());

        JsonNode cluster = Json.mapper().readTree(calls.call(RequestCode.GET_BROKER_CLUSTER_INFO, Map.of()).body());
        assertEquals("[\"broker-a\",\"broker-b\"]", cluster.get("clusterAddrTable").get(NameServerCalls.CLUSTER).toString());
        assertEquals(SLAVE_A, cluster.get("brokerAddrTable").get("broker-a").get("brokerAddrs").get("1").asText());
        assertEquals(NameServerCalls.CLUSTER, cluster.get("brokerAddrTable").get("broker-b").get("cluster").asText());
    }

    @Test
    void aSlaveLearnsItsMastersAddressesAndAMasterLearnsNone() throws Exception {
        NameServerCalls.Answer master = calls.register(new FakeChannel(1), "broker-a", 0, MASTER_A, List.of("T"));
        NameServerCalls.Answer slave = calls.register(new FakeChannel(2), "broker-a", 1, SLAVE_A, List.of("T"));

        assertFalse(master.extFields().containsKey("masterAddr"));
        assertFalse(master.extFields().containsKey("haServerAddr"));
        assertEquals(MASTER_A, slave.extFields().get("masterAddr"));
        assertEquals("127.0.0.1:10912", slave.extFields().get("haServerAddr"));
    }

    @Test
    void aSlaveDoesNotChangeTheTopicsOfItsBrokerName() throws Exception {
        calls.register(new FakeChannel(1), "broker-a", 0, MASTER_A, List.of("T"));
        calls.register(new FakeChannel(2), "broker-a", 1, SLAVE_A, List.of("Stale"));

        assertTrue(calls.hasRoute("T"));
        assertFalse(calls.hasRoute("Stale"));
    }

    @Test
    void reRegisteringWithFewerTopicsDropsTheTopicNoLongerReported() throws Exception {
        FakeChannel channel = new FakeChannel(1);
        calls.register(channel, "broker-a", 0, MASTER_A, List.of("Kept", "Dropped"));
        calls.register(new FakeChannel(3), "broker-b", 0, MASTER_B, List.of("Kept"));
        assertTrue(calls.hasRoute("Dropped"));

        calls.register(channel, "broker-a", 0, MASTER_A, List.of("Kept"));

        assertFalse(calls.hasRoute("Dropped"));
        assertEquals(2, Json.mapper().readTree(calls.route("Kept").body()).get("queueDatas").size());
    }

    @Test
    void aBrokerSilentPastItsHeartbeatTimeoutIsForgottenAndItsConnectionClosed() throws Exception {
        FakeChannel channelA = new FakeChannel(1);
        calls.register(channelA, "broker-a", 0, MASTER_A, List.of("A"), 10_000);
        FakeChannel channelB = new FakeChannel(3);
        calls.register(channelB, "broker-b", 0, MASTER_B, List.of("B"), 60_000);

        clock.advance(Duration.ofSeconds(10));
        nameServer.expiry().scan();
        assertTrue(calls.hasRoute("A"), "exactly at the timeout the broker still counts");

        clock.advance(Duration.ofSeconds(1));
        nameServer.expiry().scan();
        assertFalse(calls.hasRoute("A"));
        assertFalse(channelA.isActive());
        assertTrue(calls.hasRoute("B"));
        assertTrue(channelB.isActive());
    }

    @Test
    void reRegisteringKeepsABrokerAlivePastItsFirstTimeout() throws Exception {
        FakeChannel channel = new FakeChannel(1);
        calls.register(channel, "broker-a", 0, MASTER_A, List.of("A"), 10_000);
        clock.advance(Duration.ofSeconds(8));
        calls.register(channel, "broker-a", 0, MASTER_A, List.of("A"), 10_000);
        clock.advance(Duration.ofSeconds(8));
        nameServer.expiry().scan();

        assertTrue(calls.hasRoute("A"));
    }

    @Test
    void theScheduledScanForgetsASilentBroker() throws Exception {
        try (NameServer scanning = new NameServer(new NameServerSettings("127.0.0.1", 9876, 20), Clock.systemUTC())) {
            NameServerCalls scanningCalls = new NameServerCalls(scanning);
            scanningCalls.register(new FakeChannel(1), "broker-a", 0, MASTER_A, List.of("A"), 50);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (scanningCalls.hasRoute("A")) {
                assertTrue(System.nanoTime() < deadline, "the silent broker was never forgotten");
                Thread.sleep(10);
            }
        }
    }

    @Test
    void closingTheRegistrationConnectionForgetsTheBrokerAtOnce() throws Exception {
        FakeChannel masterChannel = new FakeChannel(1);
        calls.register(masterChannel, "broker-a", 0, MASTER_A, List.of("T"));
        calls.register(new FakeChannel(3), "broker-b", 0, MASTER_B, List.of("T"));

        masterChannel.close();

        JsonNode route = Json.mapper().readTree(calls.route("T").body());
        assertEquals(1, route.get("queueDatas").size());
        assertEquals("broker-b", route.get("queueDatas").get(0).get("brokerName").asText());
        JsonNode cluster = Json.mapper().readTree(calls.call(RequestCode.GET_BROKER_CLUSTER_INFO, Map.of()).body());
        assertFalse(cluster.get("brokerAddrTable").has("broker-a"));
    }

    @Test
    void aBrokerNameKeepsItsQueuesWhileItsSlaveLives() throws Exception {
        FakeChannel masterChannel = new FakeChannel(1);
        calls.register(masterChannel, "broker-a", 0, MASTER_A, List.of("T"));
        calls.register(new FakeChannel(2), "broker-a", 1, SLAVE_A, List.of("T"));

        masterChannel.close();

        JsonNode route = Json.mapper().readTree(calls.route("T").body());
        assertEquals(1, route.get("queueDatas").size());
        assertEquals("{\"1\":\"" + SLAVE_A + "\"}", route.get("brokerDatas").get(0).get("brokerAddrs").toString());
    }

    @Test
    void unregisteringRemovesTheBrokerAndTopicsOnlyItServed() throws Exception {
        calls.register(new FakeChannel(1), "broker-a", 0, MASTER_A, List.of("Shared", "OnlyA"));
        calls.register(new FakeChannel(3), "broker-b", 0, MASTER_B, List.of("Shared"));

        NameServerCalls.Answer answer = calls.call(RequestCode.UNREGISTER_BROKER, Map.of("clusterName", NameServerCalls.CLUSTER,
                "brokerName", "broker-a", "brokerAddr", MASTER_A, "brokerId", "0"));

        assertEquals(ResponseCode.SUCCESS, answer.code());
        assertFalse(calls.hasRoute("OnlyA"));
        assertTrue(calls.hasRoute("Shared"));
    }

    @Test
    void aBodyThatIsNotJsonIsInvalidParameterWithARemark() throws Exception {
        NameServerCalls.Answer answer = calls.call(new FakeChannel(1), RequestCode.REGISTER_BROKER,
                registerHeader("broker-a", 0, MASTER_A, 120_000), "{not json".getBytes(StandardCharsets.UTF_8));

        assertEquals(ResponseCode.INVALID_PARAMETER, answer.code());
        assertTrue(answer.remark().startsWith("REGISTER_BROKER body is not a RegisterBrokerBody JSON object"), answer.remark());
        assertFalse(calls.hasRoute("T"));
        assertEquals("{\"brokerAddrTable\":{},\"clusterAddrTable\":{}}",
                calls.call(RequestCode.GET_BROKER_CLUSTER_INFO, Map.of()).body(), "a refused registration registers nothing");
    }

    @Test
    void aBodyWhoseCrcDoesNotMatchIsRefusedAndAMatchingOneAccepted() throws Exception {
        byte[] body = "{\"topicConfigSerializeWrapper\":{\"topicConfigTable\":{\"T\":{\"topicName\":\"T\",\"readQueueNums\":4,\"writeQueueNums\":4,\"perm\":6}}}}"
                .getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(body);
        int good = (int) (crc.getValue() & 0x7FFFFFFF);

        Map<String, String> header = new HashMap<>(registerHeader("broker-a", 0, MASTER_A, 120_000));
        header.put("bodyCrc32", Integer.toString(good ^ 1));
        NameServerCalls.Answer refused = calls.call(new FakeChannel(1), RequestCode.REGISTER_BROKER, header, body);
        assertEquals(ResponseCode.INVALID_PARAMETER, refused.code());
        assertTrue(refused.remark().contains("CRC32"), refused.remark());

        header.put("bodyCrc32", Integer.toString(good));
        assertEquals(ResponseCode.SUCCESS, calls.call(new FakeChannel(1), RequestCode.REGISTER_BROKER, header, body).code());
        assertTrue(calls.hasRoute("T"));
    }

    @Test
    void aCompressedBodyIsRefusedWithTheSettingToChange() throws Exception {
        Map<String, String> header = new HashMap<>(registerHeader("broker-a", 0, MASTER_A, 120_000));
        header.put("compressed", "true");
        NameServerCalls.Answer answer = calls.call(new FakeChannel(1), RequestCode.REGISTER_BROKER, header, new byte[] {0x78, 0x01});

        assertEquals(ResponseCode.INVALID_PARAMETER, answer.code());
        assertTrue(answer.remark().contains("compressedRegister=false"), answer.remark());
    }

    @Test
    void aMissingHeaderFieldIsNamedInTheRemark() throws Exception {
        Map<String, String> header = new HashMap<>(registerHeader("broker-a", 0, MASTER_A, 120_000));
        header.remove("haServerAddr");
        NameServerCalls.Answer answer = calls.call(new FakeChannel(1), RequestCode.REGISTER_BROKER, header, null);

        assertEquals(ResponseCode.INVALID_PARAMETER, answer.code());
        assertTrue(answer.remark().contains("'haServerAddr'"), answer.remark());
    }

    @Test
    void aRegistrationWithoutBodyRenewsTheBrokerAndKeepsItsTopics() throws Exception {
        FakeChannel channel = new FakeChannel(1);
        calls.register(channel, "broker-a", 0, MASTER_A, List.of("T"), 10_000);
        clock.advance(Duration.ofSeconds(8));
        assertEquals(ResponseCode.SUCCESS, calls.call(channel, RequestCode.REGISTER_BROKER,
                registerHeader("broker-a", 0, MASTER_A, 10_000), null).code());
        clock.advance(Duration.ofSeconds(8));
        nameServer.expiry().scan();

        assertTrue(calls.hasRoute("T"));
    }

    @Test
    void theOldConnectionClosingAfterABrokerReconnectedDoesNotForgetIt() throws Exception {
        FakeChannel first = new FakeChannel(1);
        calls.register(first, "broker-a", 0, MASTER_A, List.of("T"));
        calls.register(new FakeChannel(2), "broker-a", 0, MASTER_A, List.of("T"));

        first.close();

        assertTrue(calls.hasRoute("T"));
    }

    @Test
    void aMasterRegisteringFromANewAddressReplacesItsOldAddress() throws Exception {
        calls.register(new FakeChannel(1), "broker-a", 0, MASTER_A, List.of("T"));
        calls.register(new FakeChannel(2), "broker-a", 0, "127.0.0.1:20911", List.of("T"));

        JsonNode route = Json.mapper().readTree(calls.route("T").body());
        assertEquals("{\"0\":\"127.0.0.1:20911\"}", route.get("brokerDatas").get(0).get("brokerAddrs").toString());
    }
}
