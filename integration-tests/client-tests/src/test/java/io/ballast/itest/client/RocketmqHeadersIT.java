package io.ballast.itest.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ballast.itest.fixture.BrokerUnderTest;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.SerializeType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The binary ROCKETMQ header (type 1), end to end. The client reads
 * {@code -Drocketmq.serialize.type=ROCKETMQ} once, when its classes load, so this class runs in a
 * JVM of its own: the {@code rocketmq-headers} Failsafe execution.
 */
class RocketmqHeadersIT {
    @RegisterExtension
    static final BrokerUnderTest broker = BrokerUnderTest.isolated();

    @Test
    void clientsSwitchedToBinaryHeadersSendAndPullThroughTheBroker() throws Exception {
        assertEquals(SerializeType.ROCKETMQ, RemotingCommand.getSerializeTypeConfigInThisServer(),
                "this class needs -Drocketmq.serialize.type=ROCKETMQ before the client loads (the rocketmq-headers execution)");
        HeaderRoundTrip.sendAndPull(broker, FrameTypeRecorder.ROCKETMQ);
    }
}
