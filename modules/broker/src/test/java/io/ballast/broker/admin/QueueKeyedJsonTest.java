package io.ballast.broker.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.rocketmq.remoting.protocol.RemotingSerializable;
import org.apache.rocketmq.remoting.protocol.admin.ConsumeStats;
import org.junit.jupiter.api.Test;

class QueueKeyedJsonTest {

    @Test
    void writesQueueKeysAsObjectsInKeyPositionAsFastjsonDoes() {
        byte[] json = QueueKeyedJson.write(Map.of("consumeTps", 1.5), "offsetTable",
                Map.of(new MessageQueue("T", "b", 0), new QueueStatistics.OffsetWrapper(3, 1, 1, 0)));

        assertEquals("{\"consumeTps\":1.5,\"offsetTable\":{{\"brokerName\":\"b\",\"queueId\":0,\"topic\":\"T\"}:"
                + "{\"brokerOffset\":3,\"consumerOffset\":1,\"lastTimestamp\":0,\"pullOffset\":1}}}",
                new String(json, StandardCharsets.UTF_8));
    }

    @Test
    void namesNeedingEscapesSurviveTheClientsParser() {
        String odd = "q\"u\\o\u0001te%RETRY%é";
        Map<MessageQueue, Object> table = new TreeMap<>();
        for (int i = 0; i < 3; i++) {
            table.put(new MessageQueue(odd, "broker \"a\"", i), new QueueStatistics.OffsetWrapper(10 + i, i, i, 0));
        }

        ConsumeStats stats = RemotingSerializable.decode(QueueKeyedJson.write(Map.of("consumeTps", 0.0), "offsetTable", table),
                ConsumeStats.class);

        assertEquals(3, stats.getOffsetTable().size());
        assertEquals(12, stats.getOffsetTable().get(new org.apache.rocketmq.common.message.MessageQueue(odd, "broker \"a\"", 2))
                .getBrokerOffset());
    }

    @Test
    void anEmptyTableIsAnEmptyObject() {
        ConsumeStats stats = RemotingSerializable.decode(QueueKeyedJson.write(Map.of(), "offsetTable", Map.of()), ConsumeStats.class);
        assertEquals(0, stats.getOffsetTable().size());
    }
}
