package io.ballast.broker.send;

import static io.ballast.broker.BrokerFixture.eventually;
import static io.ballast.broker.send.SendRequests.answer;
import static io.ballast.broker.send.SendRequests.refusal;
import static io.ballast.broker.send.SendRequests.v2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.broker.BrokerFixture;
import io.ballast.broker.FakeChannel;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestProcessor;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryAndViewTest {
    @TempDir
    Path dir;
    private BrokerFixture broker;
    private final FakeChannel channel = new FakeChannel("10.1.2.3", 54321);
    private final Map<Integer, RequestProcessor> processors = new HashMap<>();
    private long offset;

    @BeforeEach
    void open() throws Exception {
        broker = BrokerFixture.open(dir);
        new MessageArea(broker.context()).register((code, processor, lane) -> processors.put(code, processor));
        String msgId = answer(processors.get(RequestCode.SEND_MESSAGE_V2), channel,
                v2("orders", 0, Map.of("KEYS", "k1 k2", "UNIQ_KEY", "U-5"), "found me")).extFields().get("msgId");
        offset = Long.parseLong(msgId.substring(16), 16);
        assertTrue(eventually(() -> broker.store().recordAt(offset).isPresent()));
    }

    @AfterEach
    void close() {
        broker.close();
    }

    private RemotingCommand query(String key) {
        return RemotingCommand.builder().code(RequestCode.QUERY_MESSAGE).extField("topic", "orders").extField("key", key)
                .extField("maxNum", "32").extField("beginTimestamp", "0").extField("endTimestamp", Long.toString(Long.MAX_VALUE)).build();
    }

    @Test
    void aQueryByKeyAnswersTheStoredRecordsAndHowFarTheIndexReaches() throws Exception {
        assertTrue(eventually(() -> !broker.store().queryByKey("orders", "k2", 1, 0, Long.MAX_VALUE).isEmpty()));
        RemotingCommand response = answer(processors.get(RequestCode.QUERY_MESSAGE), channel, query("k2"));

        assertEquals(ResponseCode.SUCCESS, response.code());
        assertTrue(response.extFields().containsKey("indexLastUpdateTimestamp"));
        assertTrue(Long.parseLong(response.extFields().get("indexLastUpdatePhyoffset")) > offset);
        StoredMessage found = StoredMessage.decode(response.body().nioBuffer());
        assertEquals("found me", new String(found.body()));
        assertEquals(offset, found.physicalOffset());
    }

    @Test
    void aQueryThatFindsNothingIsQueryNotFound() throws Exception {
        RemotingCommand response = answer(processors.get(RequestCode.QUERY_MESSAGE), channel, query("nope"));
        assertEquals(ResponseCode.QUERY_NOT_FOUND, response.code());
        assertTrue(response.extFields().containsKey("indexLastUpdatePhyoffset"));
    }

    @Test
    void viewByIdAnswersTheRawRecordOrSystemErrorForAnOffsetThatStartsNone() throws Exception {
        RequestProcessor view = processors.get(RequestCode.VIEW_MESSAGE_BY_ID);
        RemotingCommand response = answer(view, channel, RemotingCommand.builder().code(RequestCode.VIEW_MESSAGE_BY_ID)
                .extField("offset", Long.toString(offset)).build());
        assertEquals(ResponseCode.SUCCESS, response.code());
        assertEquals("U-5", StoredMessage.decode(response.body().nioBuffer()).properties().get("UNIQ_KEY"));

        var refused = refusal(view, channel, RemotingCommand.builder().code(RequestCode.VIEW_MESSAGE_BY_ID)
                .extField("offset", Long.toString(offset + 3)).build());
        assertEquals(ResponseCode.SYSTEM_ERROR, refused.responseCode());
    }
}
