package io.ballast.broker.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ballast.broker.consume.ConsumeFixture;
import io.ballast.broker.FakeChannel;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockProcessorTest {
    @TempDir
    Path dir;

    static RemotingCommand body(ConsumeFixture broker, int code, String clientId) {
        String json = "{\"consumerGroup\":\"g\",\"clientId\":\"" + clientId + "\",\"onlyThisBroker\":false,\"mqSet\":["
                + "{\"topic\":\"T\",\"brokerName\":\"broker-a\",\"queueId\":0},{\"topic\":\"T\",\"brokerName\":\"broker-a\",\"queueId\":1}]}";
        return broker.request(code).body(Unpooled.wrappedBuffer(json.getBytes(StandardCharsets.UTF_8))).build();
    }

    @Test
    void lockAnswersTheQueuesNowHeldAndUnlockFreesThem() throws Exception {
        try (ConsumeFixture broker = new ConsumeFixture(dir)) {
            FakeChannel channel = new FakeChannel(40001);
            RemotingCommand granted = broker.answer(channel, body(broker, RequestCode.LOCK_BATCH_MQ, "c1"));
            assertEquals(ResponseCode.SUCCESS, granted.code());
            assertEquals("{\"lockOKMQSet\":[{\"brokerName\":\"broker-a\",\"queueId\":0,\"topic\":\"T\"},"
                    + "{\"brokerName\":\"broker-a\",\"queueId\":1,\"topic\":\"T\"}]}",
                    new String(ByteBufUtil.getBytes(granted.body()), StandardCharsets.UTF_8));

            RemotingCommand refused = broker.answer(channel, body(broker, RequestCode.LOCK_BATCH_MQ, "c2"));
            assertEquals("{\"lockOKMQSet\":[]}", new String(ByteBufUtil.getBytes(refused.body()), StandardCharsets.UTF_8));

            assertEquals(ResponseCode.SUCCESS, broker.answer(channel, body(broker, RequestCode.UNLOCK_BATCH_MQ, "c1")).code());
            RemotingCommand regranted = broker.answer(channel, body(broker, RequestCode.LOCK_BATCH_MQ, "c2"));
            assertEquals(ResponseCode.SUCCESS, regranted.code());
            assertEquals(new String(ByteBufUtil.getBytes(granted.body()), StandardCharsets.UTF_8),
                    new String(ByteBufUtil.getBytes(regranted.body()), StandardCharsets.UTF_8), "c2 now holds both");

            assertEquals(ResponseCode.INVALID_PARAMETER, broker.answer(channel, broker.request(RequestCode.LOCK_BATCH_MQ)
                    .body(Unpooled.wrappedBuffer("{}".getBytes(StandardCharsets.UTF_8))).build()).code());
        }
    }
}
