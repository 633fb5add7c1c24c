package io.ballast.remoting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderCodecTest {

    private static RemotingCommand json(String header) throws HeaderDecodingException {
        return new JsonHeaderCodec().decode(Unpooled.wrappedBuffer(header.getBytes(StandardCharsets.UTF_8))).build();
    }

    private static RemotingCommand binary(String hex) throws HeaderDecodingException {
        return new RocketMqHeaderCodec().decode(Unpooled.wrappedBuffer(Wire.hex(hex))).build();
    }

    @Test
    void jsonKeysInAnyOrderAndUnknownKeysAreAccepted() throws Exception {
        RemotingCommand command = json("{\"version\":409,\"opaque\":5,\"future\":{\"x\":[1,{}]},"
                + "\"serializeTypeCurrentRPC\":\"JSON\",\"flag\":1,\"code\":0,\"language\":\"JAVA\"}");
        assertEquals(0, command.code());
        assertEquals(5, command.opaque());
        assertEquals(1, command.flag());
        assertEquals(409, command.version());
        assertNull(command.remark());
        assertEquals(Map.of(), command.extFields());
    }

    @Test
    void jsonLanguageIsReadAsANameOrANumberAndUnknownOnesAsOther() throws Exception {
        assertEquals(LanguageCode.GO, json("{\"language\":\"GO\"}").language());
        assertEquals(LanguageCode.CPP, json("{\"language\":1}").language());
        assertEquals(LanguageCode.OTHER, json("{\"language\":\"COBOL\"}").language());
        assertEquals(LanguageCode.OTHER, json("{\"language\":99}").language());
    }

    @Test
    void jsonExtFieldValuesKeepTheirControlCharactersAndNumbersReadAsText() throws Exception {
        RemotingCommand command = json("{\"extFields\":{\"properties\":\"KEYS\\u0001k\\u0002\","
                + "\"queueId\":3,\"waitStoreMsgOK\":true,\"gone\":null},\"code\":\"310\"}");
        assertEquals(Map.of("properties", "KEYS\u0001k\u0002", "queueId", "3", "waitStoreMsgOK", "true"),
                command.extFields());
        assertEquals(310, command.code());
    }

    @Test
    void jsonControlCharactersAreWrittenAsUnicodeEscapes() {
        ByteBuf out = Unpooled.buffer();
        new JsonHeaderCodec().encode(RemotingCommand.builder().extField("p", "a\u0001b\u0002").build(), out);
        String written = out.toString(StandardCharsets.UTF_8);
        assertEquals("{\"code\":0,\"extFields\":{\"p\":\"a\\u0001b\\u0002\"},\"flag\":0,\"language\":\"JAVA\","
                + "\"opaque\":0,\"serializeTypeCurrentRPC\":\"JSON\",\"version\":0}", written);
        out.release();
    }

    @Test
    void malformedJsonHeadersAreRejected() {
        for (String bad : new String[] {"", "[]", "\"x\"", "{\"code\":1", "{\"code\":1}x", "{\"code\":99999999999}",
                "{\"code\":\"ten\"}", "{\"code\":[1]}", "{\"extFields\":[]}", "{\"extFields\":{\"k\":{}}}",
                "{\"remark\":{}}", "{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}"}) {
            assertThrows(HeaderDecodingException.class, () -> json(bad), bad);
        }
        assertThrows(HeaderDecodingException.class, () -> new JsonHeaderCodec().decode(
                Unpooled.wrappedBuffer(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'})));
    }

    @Test
    void binaryZeroLengthRemarkAndValuesReadAsAbsent() throws Exception {
        RemotingCommand command = binary("0069 00 0199 00000001 00000000 00000000 0000000F"
                + "0001 61 00000000  0001 62 00000001 31");
        assertNull(command.remark());
        assertEquals(Map.of("b", "1"), command.extFields());
    }

    @Test
    void binaryLengthsOutsideTheHeaderAreRejected() {
        for (String bad : new String[] {
                "0069 00 0199 00000001 00000000 FFFFFFFF 00000000",       // negative remark length
                "0069 00 0199 00000001 00000000 00000010 00000000",       // remark past the end
                "0069 00 0199 00000001 00000000 00000000 80000000",       // negative map length
                "0069 00 0199 00000001 00000000 00000000 00000004 FFFF 00 00", // negative key length
                "0069 00 0199 00000001 00000000 00000000 00000003 0001 61",  // cut before value length
                "0069 00 0199 00000001 00000000 00000000 00000000 00",   // a byte after the fields
                "0069 00 0199"}) {
            assertThrows(HeaderDecodingException.class, () -> binary(bad), bad);
        }
    }
}
