package io.ballast.namesrv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.remoting.protocol.Json;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KvAndSettingsTest {

    private final NameServer nameServer = new NameServer(new NameServerSettings("127.0.0.1", 9876, 3_600_000), new ManualClock());
    private final NameServerCalls calls = new NameServerCalls(nameServer);

    @AfterEach
    void close() {
        nameServer.close();
    }

    @Test
    void aKvConfigIsNotFoundUntilPutAndAfterDeleted() throws Exception {
        Map<String, String> key = Map.of("namespace", "NS", "key", "k");
        NameServerCalls.Answer missing = calls.call(RequestCode.GET_KV_CONFIG, key);
        assertEquals(ResponseCode.QUERY_NOT_FOUND, missing.code());
        assertEquals("No config item, Namespace: NS Key: k", missing.remark());

        assertEquals(ResponseCode.SUCCESS, calls.call(RequestCode.PUT_KV_CONFIG, Map.of("namespace", "NS", "key", "k", "value", "v")).code());
        NameServerCalls.Answer found = calls.call(RequestCode.GET_KV_CONFIG, key);
        assertEquals(ResponseCode.SUCCESS, found.code());
        assertEquals("v", found.extFields().get("value"));
        assertEquals("{\"table\":{\"k\":\"v\"}}", calls.call(RequestCode.GET_KVLIST_BY_NAMESPACE, Map.of("namespace", "NS")).body());

        assertEquals(ResponseCode.SUCCESS, calls.call(RequestCode.DELETE_KV_CONFIG, key).code());
        assertEquals(ResponseCode.QUERY_NOT_FOUND, calls.call(RequestCode.GET_KV_CONFIG, key).code());
        assertEquals(ResponseCode.QUERY_NOT_FOUND, calls.call(RequestCode.GET_KVLIST_BY_NAMESPACE, Map.of("namespace", "NS")).code());
    }

    @Test
    void aPutWithoutValueIsInvalidParameter() throws Exception {
        NameServerCalls.Answer answer = calls.call(RequestCode.PUT_KV_CONFIG, Map.of("namespace", "NS", "key", "k"));

        assertEquals(ResponseCode.INVALID_PARAMETER, answer.code());
        assertTrue(answer.remark().contains("'value'"), answer.remark());
    }

    @Test
    void theSettingsReadAsPropertiesText() throws Exception {
        NameServerCalls.Answer answer = calls.call(RequestCode.GET_NAMESRV_CONFIG, Map.of());

        assertEquals("bindAddress=127.0.0.1\nlistenPort=9876\norderMessageEnable=false\nscanNotActiveBrokerInterval=3600000\n",
                answer.body());
    }

    @Test
    void anUpdateSaysWhichKeysItAppliedAndWhichNot() throws Exception {
        NameServerCalls.Answer answer = calls.call(new FakeChannel(1), RequestCode.UPDATE_NAMESRV_CONFIG, Map.of(),
                "orderMessageEnable=true\nlistenPort=9999\nnoSuchKey=1\n".getBytes(StandardCharsets.UTF_8));

        assertEquals(ResponseCode.SUCCESS, answer.code());
        assertTrue(answer.remark().startsWith("applied: orderMessageEnable=true; not applied: listenPort ("), answer.remark());
        assertTrue(answer.remark().contains("noSuchKey (not a setting of this name server)"), answer.remark());
        assertTrue(calls.call(RequestCode.GET_NAMESRV_CONFIG, Map.of()).body().contains("orderMessageEnable=true\n"));
        assertTrue(calls.call(RequestCode.GET_NAMESRV_CONFIG, Map.of()).body().contains("listenPort=9876\n"));
    }

    @Test
    void anUpdateThatAppliesNothingIsInvalidParameter() throws Exception {
        NameServerCalls.Answer answer = calls.call(new FakeChannel(1), RequestCode.UPDATE_NAMESRV_CONFIG, Map.of(),
                "orderMessageEnable=maybe\n".getBytes(StandardCharsets.UTF_8));

        assertEquals(ResponseCode.INVALID_PARAMETER, answer.code());
        assertEquals("applied: none; not applied: orderMessageEnable (not a boolean: 'maybe')", answer.remark());
    }

    @Test
    void withOrderMessagesEnabledARouteCarriesTheStoredOrderLayout() throws Exception {
        calls.register(new FakeChannel(1), "broker-a", 0, "127.0.0.1:10911", List.of("Ordered"));
        calls.call(RequestCode.PUT_KV_CONFIG, Map.of("namespace", "ORDER_TOPIC_CONFIG", "key", "Ordered", "value", "broker-a:4"));
        assertFalse(Json.mapper().readTree(calls.route("Ordered").body()).has("orderTopicConf"));

        calls.call(new FakeChannel(1), RequestCode.UPDATE_NAMESRV_CONFIG, Map.of(), "orderMessageEnable=true".getBytes(StandardCharsets.UTF_8));

        assertEquals("broker-a:4", Json.mapper().readTree(calls.route("Ordered").body()).get("orderTopicConf").asText());
        NameServerCalls.Answer registered = calls.register(new FakeChannel(1), "broker-a", 0, "127.0.0.1:10911", List.of("Ordered"));
        assertEquals("{\"table\":{\"Ordered\":\"broker-a:4\"}}", registered.body(), "brokers learn the order layouts on registering");
    }
}
