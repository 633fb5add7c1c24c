package io.ballast.itest.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ballast.itest.fixture.BrokerUnderTest;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.SerializeType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Out of the box, both client lines encode headers as JSON (type 0). */
class JsonHeadersIT {
    @RegisterExtension
    static final BrokerUnderTest broker = BrokerUnderTest.isolated();

    @Test
    void clientsSendJsonHeadersByDefaultAndTheBrokerServesThem() throws Exception {
        assertEquals(SerializeType.JSON, RemotingCommand.getSerializeTypeConfigInThisServer(),
                "the client's default (no rocketmq.serialize.type property or ROCKETMQ_SERIALIZE_TYPE variable)");
        HeaderRoundTrip.sendAndPull(broker, FrameTypeRecorder.JSON);
    }
}
