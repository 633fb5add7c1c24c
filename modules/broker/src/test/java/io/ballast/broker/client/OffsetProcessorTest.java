package io.ballast.broker.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.broker.consume.ConsumeFixture;
import io.ballast.broker.FakeChannel;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.spi.message.Message;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffsetProcessorTest {
    @TempDir
    Path dir;
    ConsumeFixture broker;
    final FakeChannel client = new FakeChannel(40001);

    @BeforeEach
    void open() throws Exception {
        broker = new ConsumeFixture(dir);
        broker.topic("T", 2);
    }

    @AfterEach
    void close() {
        broker.close();
    }

    RemotingCommand ask(int code, String... fields) throws Exception {
        RemotingCommand.Builder b = broker.request(code).extField("topic", "T").extField("queueId", "0");
        for (int i = 0; i < fields.length; i += 2) {
            b.extField(fields[i], fields[i + 1]);
        }
        return broker.answer(client, b.build());
    }

    static long offset(RemotingCommand response) {
        assertEquals(ResponseCode.SUCCESS, response.code(), String.valueOf(response.remark()));
        return Long.parseLong(response.extFields().get("offset"));
    }

    @Test
    void aNewGroupOnAnEmptyQueueIsNotFound() throws Exception {
        RemotingCommand response = ask(RequestCode.QUERY_CONSUMER_OFFSET, "consumerGroup", "g");
        assertEquals(ResponseCode.QUERY_NOT_FOUND, response.code());
    }

    @Test
    void aNewGroupOnAYoungQueueStartsAtZero() throws Exception {
        broker.send("T", 0, null, "first");
        assertEquals(0, offset(ask(RequestCode.QUERY_CONSUMER_OFFSET, "consumerGroup", "g")));
        assertEquals(ResponseCode.QUERY_NOT_FOUND,
                ask(RequestCode.QUERY_CONSUMER_OFFSET, "consumerGroup", "g", "setZeroIfNotFound", "false").code());
    }

    @Test
    void aCommittedOffsetIsAnsweredAsCommitted() throws Exception {
        RemotingCommand update = ask(RequestCode.UPDATE_CONSUMER_OFFSET, "consumerGroup", "g", "commitOffset", "17");
        assertEquals(ResponseCode.SUCCESS, update.code());
        assertEquals(17, offset(ask(RequestCode.QUERY_CONSUMER_OFFSET, "consumerGroup", "g")));
        assertEquals(ResponseCode.INVALID_PARAMETER,
                ask(RequestCode.UPDATE_CONSUMER_OFFSET, "consumerGroup", "g", "commitOffset", "-1").code());
        assertEquals(ResponseCode.INVALID_PARAMETER, ask(RequestCode.UPDATE_CONSUMER_OFFSET, "consumerGroup", "g").code());
    }

    @Test
    void minAndMaxOffsetsOfAQueue() throws Exception {
        assertEquals(0, offset(ask(RequestCode.GET_MAX_OFFSET)));
        assertEquals(0, offset(ask(RequestCode.GET_MIN_OFFSET)));
        broker.send("T", 0, null, "a");
        broker.send("T", 0, null, "b");
        assertEquals(2, offset(ask(RequestCode.GET_MAX_OFFSET)));
        assertEquals(0, offset(ask(RequestCode.GET_MIN_OFFSET)));
    }

    @Test
    void theEarliestStoreTimeIsReadPastAnIpv6BornHost() throws Exception {
        long before = System.currentTimeMillis();
        broker.send(Message.builder("T", new byte[] {1}).queueId(0)
                .bornHost(new InetSocketAddress("::1", 5555)).bornTimestamp(1).build());
        long after = System.currentTimeMillis();
        RemotingCommand response = ask(RequestCode.GET_EARLIEST_MSG_STORETIME);
        long time = Long.parseLong(response.extFields().get("timestamp"));
        assertTrue(time >= before && time <= after, time + " not in [" + before + ", " + after + "]");
        assertEquals(-1, Long.parseLong(broker.answer(client, broker.request(RequestCode.GET_EARLIEST_MSG_STORETIME)
                .extField("topic", "T").extField("queueId", "1").build()).extFields().get("timestamp")));
    }

    @Test
    void searchByTimestampFindsTheBoundaries() throws Exception {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            broker.send("T", 0, null, "m" + i);
            times.add(StoreTimestamp.of(broker.store.read("T", 0, i, 1, Integer.MAX_VALUE).records().get(0).bytes()));
            Thread.sleep(3); // distinct store times
        }
        long third = times.get(3);
        assertEquals(3, offset(ask(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, "timestamp", Long.toString(third))));
        assertEquals(3, offset(ask(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, "timestamp", Long.toString(third), "boundaryType", "upper")));
        assertEquals(3, offset(ask(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, "timestamp", Long.toString(third - 1), "boundaryType", "LOWER")));
        assertEquals(6, offset(ask(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, "timestamp", Long.toString(times.get(5) + 1))));
        assertEquals(0, offset(ask(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, "timestamp", "0")));
        assertEquals(ResponseCode.INVALID_PARAMETER,
                ask(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, "timestamp", "0", "boundaryType", "MIDDLE").code());
    }
}
