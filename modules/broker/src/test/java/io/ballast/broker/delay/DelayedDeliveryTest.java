package io.ballast.broker.delay;

import static io.ballast.broker.BrokerFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.broker.BrokerFixture;
import io.ballast.broker.FakeChannel;
import io.ballast.broker.metadata.TopicNames;
import io.ballast.broker.send.MessageArea;
import io.ballast.broker.send.StoredMessage;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestProcessor;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.spi.message.MessageProperties;
import io.ballast.spi.store.ReadResult;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DelayedDeliveryTest {
    private static final Map<String, String> SHORT_LEVELS = Map.of("messageDelayLevel", "300ms 600ms");
    @TempDir
    Path dir;
    private final FakeChannel channel = new FakeChannel("10.1.2.3", 54321);

    /** A started message area over a broker in {@code dir}, and its processors. */
    private record Running(BrokerFixture broker, MessageArea area, Map<Integer, RequestProcessor> processors) implements AutoCloseable {
        RemotingCommand send(String topic, int queueId, Map<String, String> properties) throws Exception {
            RemotingCommand request = RemotingCommand.builder().code(RequestCode.SEND_MESSAGE_V2).version(409)
                    .extField("a", "pg").extField("b", topic).extField("c", "TBW102").extField("d", "4")
                    .extField("e", Integer.toString(queueId)).extField("f", "0").extField("g", "0").extField("h", "0")
                    .extField("i", MessageProperties.encode(properties))
                    .body(Unpooled.wrappedBuffer("body".getBytes(StandardCharsets.UTF_8))).build();
            return processors.get(RequestCode.SEND_MESSAGE_V2).process(new FakeChannel("10.1.2.3", 54321), request).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }

        long count(String topic, int queueId) {
            return broker.store().maxQueueOffset(topic, queueId);
        }

        @Override
        public void close() {
            area.close();
            broker.close();
        }
    }

    private Running start() throws Exception {
        BrokerFixture broker = BrokerFixture.open(dir, SHORT_LEVELS);
        MessageArea area = new MessageArea(broker.context());
        Map<Integer, RequestProcessor> processors = new HashMap<>();
        area.register((code, processor, lane) -> processors.put(code, processor));
        area.start();
        return new Running(broker, area, processors);
    }

    private static StoredMessage first(Running running, String topic, int queueId) throws Exception {
        ReadResult read = running.broker().store().read(topic, queueId, 0, 1, 1 << 20);
        return StoredMessage.decode(read.records().get(0).bytes());
    }

    @Test
    void aDelayedMessageReachesItsTopicOnlyAfterItsDelayWithItsIdAndWithoutDelay() throws Exception {
        try (Running running = start()) {
            Map<String, String> properties = Map.of(MessageProperties.DELAY, "1", MessageProperties.UNIQ_KEY, "U-1", "KEYS", "k");
            RemotingCommand response = running.send("later", 1, properties);
            assertEquals(ResponseCode.SUCCESS, response.code());
            assertEquals("1", response.extFields().get("queueId"));

            assertTrue(eventually(() -> running.count("later", 1) == 1), "never delivered");
            StoredMessage parked = first(running, TopicNames.SCHEDULE, 0);
            StoredMessage delivered = first(running, "later", 1);
            assertTrue(delivered.storeTimestamp() >= parked.storeTimestamp() + 300,
                    "delivered " + (delivered.storeTimestamp() - parked.storeTimestamp()) + " ms after parking");
            assertFalse(delivered.properties().containsKey(MessageProperties.DELAY));
            assertEquals("U-1", delivered.properties().get(MessageProperties.UNIQ_KEY));
            assertEquals("k", delivered.properties().get("KEYS"));
            assertEquals("1", parked.properties().get(MessageProperties.DELAY));
            assertEquals("later", parked.properties().get(MessageProperties.REAL_TOPIC));
        }
    }

    @Test
    void aDelayAboveTheLastLevelWaitsInTheLastLevel() throws Exception {
        try (Running running = start()) {
            running.send("later", 0, Map.of(MessageProperties.DELAY, "18"));
            assertTrue(eventually(() -> running.count(TopicNames.SCHEDULE, 1) == 1));
            assertTrue(eventually(() -> running.count("later", 0) == 1));
        }
    }

    @Test
    void deliveriesSurviveRestartsWithoutLossOrDuplicates() throws Exception {
        try (Running running = start()) {
            for (int i = 0; i < 3; i++) {
                running.send("later", 0, Map.of(MessageProperties.DELAY, "2"));
            }
        } // stopped before any was due
        try (Running running = start()) {
            for (int i = 0; i < 2; i++) {
                running.send("later", 0, Map.of(MessageProperties.DELAY, "1"));
            }
            assertTrue(eventually(() -> running.count("later", 0) == 5), "delivered " + running.count("later", 0));
            RemotingCommand offsets = running.processors().get(RequestCode.GET_ALL_DELAY_OFFSET)
                    .process(channel, RemotingCommand.builder().code(RequestCode.GET_ALL_DELAY_OFFSET).build())
                    .toCompletableFuture().get();
            String json = offsets.body().toString(StandardCharsets.UTF_8);
            assertTrue(json.contains("\"offsetTable\"") && json.contains("\"1\":2") && json.contains("\"2\":3"), json);
        }
        assertTrue(Files.readString(dir.resolve("store/config/delayOffset.json")).contains("offsetTable"));
        try (Running running = start()) {
            Thread.sleep(1_000); // a restart that re-delivered would do so within this time
            assertEquals(5, running.count("later", 0));
        }
    }
}
