package io.ballast.broker.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.broker.config.BrokerKey;
import io.ballast.broker.config.BrokerSettings;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import org.apache.rocketmq.remoting.protocol.DataVersion;
import org.apache.rocketmq.remoting.protocol.RemotingSerializable;
import org.junit.jupiter.api.Test;

class BrokerConfigurationTest extends AdminTest {

    private RemotingCommand update(String text) throws Exception {
        return admin.call(RequestCode.UPDATE_BROKER_CONFIG, Map.of(), text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anUpdateIsStoredAndTheAnswerSaysWhichKeysTookEffectAndHow() throws Exception {
        RemotingCommand response = update("autoCreateTopicEnable=false\nlistenPort=10921\nbrokerPermission=6\n");

        assertEquals(ResponseCode.SUCCESS, response.code());
        assertEquals("applied live: autoCreateTopicEnable; applies after restart: listenPort; "
                + "unknown to Ballast (stored, unused): brokerPermission", response.remark());
        assertEquals(Map.of("autoCreateTopicEnable", "false", "listenPort", "10921", "brokerPermission", "6"), admin.stored);
    }

    @Test
    void anInvalidValueRefusesTheWholeUpdate() throws Exception {
        RemotingCommand response = update("autoCreateTopicEnable=false\nsyncFlushTimeout=soon\n");

        assertEquals(ResponseCode.INVALID_PARAMETER, response.code());
        assertTrue(response.remark().contains("syncFlushTimeout=soon is not a number"), response.remark());
        assertTrue(admin.stored.isEmpty());
    }

    @Test
    void onlyUnknownKeysOrNoKeysAreRefused() throws Exception {
        RemotingCommand unknown = update("brokerPermission=6\nenablePropertyFilter=true\n");
        assertEquals(ResponseCode.INVALID_PARAMETER, unknown.code());
        assertEquals("unknown to Ballast, nothing changed: brokerPermission, enablePropertyFilter", unknown.remark());

        assertEquals(ResponseCode.INVALID_PARAMETER, update("").code());
        assertTrue(admin.stored.isEmpty());
    }

    @Test
    void aFailingStoreIsASystemErrorWithTheReason() throws Exception {
        AdminArea failing = new AdminArea(admin.broker.context, changes -> {
            throw new java.io.IOException("ConfigAdmin is gone");
        });
        java.util.Map<Integer, io.ballast.remoting.RequestProcessor> table = new java.util.HashMap<>();
        failing.register((code, p, lane) -> table.put(code, p));
        RemotingCommand request = RemotingCommand.builder().code(RequestCode.UPDATE_BROKER_CONFIG)
                .body(io.netty.buffer.Unpooled.wrappedBuffer("namesrvAddr=1.2.3.4:9876".getBytes())).build();
        io.ballast.remoting.RequestException e = org.junit.jupiter.api.Assertions.assertThrows(io.ballast.remoting.RequestException.class,
                () -> table.get(RequestCode.UPDATE_BROKER_CONFIG).process(admin.channel, request));
        assertEquals(ResponseCode.SYSTEM_ERROR, e.responseCode());
        assertTrue(e.remark().contains("ConfigAdmin is gone"));
    }

    @Test
    void getBrokerConfigListsEveryKeyWithItsEffectiveValueAndAVersion() throws Exception {
        admin.broker.settings.replace(BrokerSettings.of(Map.of("brokerName", "broker-t", "deleteWhen", "04",
                "service.pid", "io.ballast.broker", "storePathRootDir", "C:\\rocketmq\\store"), dir));

        RemotingCommand response = admin.call(RequestCode.GET_BROKER_CONFIG, Map.of());

        // As MixAll.string2Properties reads it.
        Properties properties = new Properties();
        properties.load(new StringReader(AdminHarness.text(response)));
        for (BrokerKey key : BrokerKey.values()) {
            assertTrue(properties.containsKey(key.key()), key.key());
        }
        assertEquals("broker-t", properties.getProperty("brokerName"));
        assertEquals("8", properties.getProperty("defaultTopicQueueNums"));
        assertEquals("04", properties.getProperty("deleteWhen"));
        assertEquals("C:\\rocketmq\\store", properties.getProperty("storePathRootDir"));
        assertFalse(properties.containsKey("service.pid"));

        DataVersion first = RemotingSerializable.fromJson(response.extFields().get("version"), DataVersion.class);
        DataVersion same = RemotingSerializable.fromJson(
                admin.call(RequestCode.GET_BROKER_CONFIG, Map.of()).extFields().get("version"), DataVersion.class);
        assertEquals(first.getCounter().get(), same.getCounter().get());
        admin.broker.settings.replace(BrokerSettings.of(Map.of("brokerName", "broker-u"), dir));
        DataVersion changed = RemotingSerializable.fromJson(
                admin.call(RequestCode.GET_BROKER_CONFIG, Map.of()).extFields().get("version"), DataVersion.class);
        assertNotEquals(first.getCounter().get(), changed.getCounter().get());
    }
}
