package io.ballast.remoting;

import static io.ballast.remoting.Wire.concat;
import static io.ballast.remoting.Wire.frame;
import static io.ballast.remoting.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ExtendWith(NoByteBufLeaks.class)
class RemotingPipelineTest {

    private static final String ROUTE_REQUEST_JSON = "{\"code\":105,\"extFields\":{\"topic\":\"T\"},\"flag\":0,"
            + "\"language\":\"JAVA\",\"opaque\":1,\"serializeTypeCurrentRPC\":\"JSON\",\"version\":409}";

    private static RemotingCommand routeRequest(HeaderEncoding encoding) {
        return RemotingCommand.builder().code(105).extField("topic", "T").opaque(1).version(409)
                .headerEncoding(encoding).build();
    }

    private static RemotingCommand decodeOne(EmbeddedChannel channel, byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        RemotingCommand command = channel.readInbound();
        assertNull(channel.readInbound(), "one frame, one command");
        return command;
    }

    @Test
    void routeRequestEncodesToTheJsonBytesOfTheWireFormatDoc() {
        byte[] json = ROUTE_REQUEST_JSON.getBytes(StandardCharsets.UTF_8);
        assertEquals(123, json.length);
        assertArrayEquals(concat(hex("0000007F 0000007B"), json), Wire.encode(routeRequest(HeaderEncoding.JSON)));
    }

    @Test
    void routeRequestEncodesToTheBinaryBytesOfTheWireFormatDoc() {
        assertArrayEquals(hex("00000025 01000021 0069 00 0199 00000001 00000000 00000000 0000000C 0005 746F706963 00000001 54"),
                Wire.encode(routeRequest(HeaderEncoding.ROCKETMQ)));
    }

    @ParameterizedTest
    @EnumSource(HeaderEncoding.class)
    void commandsSurviveARoundTripInEitherEncoding(HeaderEncoding encoding) {
        RemotingCommand sent = RemotingCommand.builder().code(310).language(LanguageCode.GO).version(479)
                .opaque(-7).flag(RemotingCommand.ONEWAY_FLAG).remark("kein Fehler, 中文 \u0001\u0002 \"q\"")
                .extField("a", "1").extField("properties", "KEYS\u0001k\u0002TAGS\u0001t\u0002")
                .body(Unpooled.wrappedBuffer(new byte[] {1, 2, 3})).headerEncoding(encoding).build();
        RemotingCommand expected = RemotingCommand.builder().code(310).language(LanguageCode.GO).version(479)
                .opaque(-7).flag(RemotingCommand.ONEWAY_FLAG).remark("kein Fehler, 中文 \u0001\u0002 \"q\"")
                .extField("a", "1").extField("properties", "KEYS\u0001k\u0002TAGS\u0001t\u0002")
                .body(Unpooled.wrappedBuffer(new byte[] {1, 2, 3})).headerEncoding(encoding).build();
        EmbeddedChannel channel = Wire.pipeline();
        RemotingCommand received = decodeOne(channel, Wire.encode(sent));
        assertEquals(expected, received);
        assertTrue(received.isOneway());
        received.release();
        expected.release();
        assertFalse(channel.finish());
    }

    @ParameterizedTest
    @EnumSource(HeaderEncoding.class)
    void aResponseIsEncodedTheWayItsRequestWas(HeaderEncoding encoding) {
        RemotingCommand request = routeRequest(encoding);
        RemotingCommand response = RemotingCommand.responseTo(request, 17).remark("topic not exist").build();
        assertEquals(encoding, response.headerEncoding());
        assertEquals(1, response.opaque());
        assertTrue(response.isResponse());
        byte[] frame = Wire.encode(response);
        assertEquals(encoding.typeByte(), frame[4]);
    }

    @Test
    void bodyBytesPassThroughUnchangedAndUncopied() {
        byte[] body = new byte[256];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        ByteBuf sentBody = Unpooled.wrappedBuffer(body.clone());
        ByteBuf received = Unpooled.wrappedBuffer(Wire.encode(RemotingCommand.builder().code(11).body(sentBody).build()));
        assertEquals(0, sentBody.refCnt(), "the encoder released the command it wrote");
        EmbeddedChannel channel = Wire.pipeline();
        channel.writeInbound(received);
        RemotingCommand command = channel.readInbound();
        assertArrayEquals(body, ByteBufUtil.getBytes(command.body()));
        assertTrue(received.refCnt() > 0, "the body is a slice of the received frame, which it keeps alive");
        command.release();
        assertEquals(0, received.refCnt());
        assertFalse(channel.finish());
    }

    @Test
    void aFrameArrivingByteByByteDecodesOnceComplete() {
        byte[] frame = Wire.encode(routeRequest(HeaderEncoding.JSON));
        EmbeddedChannel channel = Wire.pipeline();
        for (int i = 0; i < frame.length - 1; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(frame, i, 1));
            assertNull(channel.readInbound());
        }
        channel.writeInbound(Unpooled.wrappedBuffer(frame, frame.length - 1, 1));
        RemotingCommand command = channel.readInbound();
        assertEquals(routeRequest(HeaderEncoding.JSON), command);
        assertTrue(channel.isActive());
        assertFalse(channel.finish());
    }

    @Test
    void severalFramesInOneReadDecodeInOrder() {
        byte[] bytes = concat(Wire.encode(routeRequest(HeaderEncoding.JSON)),
                Wire.encode(RemotingCommand.builder().code(34).opaque(2).headerEncoding(HeaderEncoding.ROCKETMQ).build()),
                Wire.encode(RemotingCommand.builder().code(10).opaque(3).body(Unpooled.wrappedBuffer(new byte[] {9})).build()));
        EmbeddedChannel channel = Wire.pipeline();
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        for (int opaque = 1; opaque <= 3; opaque++) {
            RemotingCommand command = channel.readInbound();
            assertEquals(opaque, command.opaque());
            command.release();
        }
        assertNull(channel.readInbound());
        assertFalse(channel.finish());
    }

    @Test
    void aFrameOfExactly16MiBIsAccepted() {
        byte[] header = ROUTE_REQUEST_JSON.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[RemotingFrame.MAX_FRAME_LENGTH - 8 - header.length];
        EmbeddedChannel channel = Wire.pipeline();
        RemotingCommand command = decodeOne(channel, frame(0, header, body));
        assertEquals(body.length, command.body().readableBytes());
        command.release();
        assertTrue(channel.isActive());
        assertFalse(channel.finish());
    }

    @Test
    void aFrameOver16MiBClosesTheConnectionBeforeItIsBuffered() {
        EmbeddedChannel channel = Wire.pipeline();
        ByteBuf lengthOnly = Unpooled.buffer().writeInt(RemotingFrame.MAX_FRAME_LENGTH - 3);
        channel.writeInbound(lengthOnly); // would throw had the failure escaped to the pipeline's tail
        assertFalse(channel.isActive());
        assertEquals(0, lengthOnly.refCnt());
        assertFalse(channel.finish());
    }

    @Test
    void aNegativeFrameLengthClosesTheConnection() {
        assertClosesTheConnection(hex("FFFFFFF0 00000000"));
    }

    @Test
    void aHeaderLongerThanItsFrameClosesTheConnection() {
        assertClosesTheConnection(hex("00000008 00FFFFFF 7B7D0000"));
    }

    @Test
    void anUnknownHeaderEncodingClosesTheConnection() {
        assertClosesTheConnection(frame(2, "{}".getBytes(StandardCharsets.UTF_8), new byte[0]));
    }

    @Test
    void aFrameTooShortForItsHeaderMarkClosesTheConnection() {
        assertClosesTheConnection(hex("00000002 0000"));
    }

    @Test
    void garbageAndTruncatedHeadersCloseTheConnection() {
        assertClosesTheConnection(frame(0, "{\"code\":10,".getBytes(StandardCharsets.UTF_8), new byte[0]));
        assertClosesTheConnection(frame(0, hex("C328FF"), new byte[0]));
        assertClosesTheConnection(frame(1, hex("0069 00 0199 00000001"), new byte[0]));
        assertClosesTheConnection(frame(1, hex("0069 00 0199 00000001 00000000 7FFFFFFF 00000000"), new byte[0]));
    }

    @Test
    void framesReadBehindABadOneAreDroppedAndReleased() {
        ByteBuf read = Unpooled.wrappedBuffer(concat(frame(0, "nope".getBytes(StandardCharsets.UTF_8), new byte[0]),
                Wire.encode(routeRequest(HeaderEncoding.JSON))));
        EmbeddedChannel channel = Wire.pipeline();
        channel.writeInbound(read);
        assertNull(channel.readInbound());
        assertFalse(channel.isActive());
        assertEquals(0, read.refCnt());
        channel.finishAndReleaseAll();
    }

    @Test
    void aCommandTooLargeForAFrameFailsItsWriteAndIsReleased() {
        ByteBuf body = Unpooled.buffer(RemotingFrame.MAX_FRAME_LENGTH).writerIndex(RemotingFrame.MAX_FRAME_LENGTH);
        EmbeddedChannel channel = Wire.pipeline();
        ChannelFuture write = channel.writeOneOutbound(RemotingCommand.builder().code(11).body(body).build());
        channel.flushOutbound();
        assertFalse(write.isSuccess());
        assertNull(channel.readOutbound());
        assertEquals(0, body.refCnt());
        assertFalse(channel.finish());
    }

    @Test
    void aBinaryHeaderCannotCarryACodeBeyondAShort() {
        EmbeddedChannel channel = Wire.pipeline();
        ChannelFuture write = channel.writeOneOutbound(RemotingCommand.builder().code(200_050)
                .headerEncoding(HeaderEncoding.ROCKETMQ).build());
        channel.flushOutbound();
        assertFalse(write.isSuccess());
        assertNull(channel.readOutbound());
        assertFalse(channel.finish());
    }

    private static void assertClosesTheConnection(byte[] bytes) {
        EmbeddedChannel channel = Wire.pipeline();
        ByteBuf read = Unpooled.wrappedBuffer(bytes);
        channel.writeInbound(read); // throws if an exception reached the tail of the pipeline
        assertNull(channel.readInbound());
        assertFalse(channel.isActive(), "connection closed");
        assertEquals(0, read.refCnt());
        channel.finishAndReleaseAll();
    }
}
