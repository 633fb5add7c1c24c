package io.ballast.remoting;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON header (wire format §1.3), read tolerantly and written the way fastjson writes it for
 * the official clients:
 *
 * <pre>
 * {"code":105,"extFields":{"topic":"T"},"flag":0,"language":"JAVA","opaque":1,
 *  "serializeTypeCurrentRPC":"JSON","version":409}
 * </pre>
 *
 * Written: keys in alphabetical order, absent remark and empty extFields omitted, the language by
 * name, extFields keys sorted too (fastjson writes a HashMap's order, which no reader depends on;
 * sorted keeps our bytes reproducible). Read: any key order, unknown keys skipped, language as a
 * name or a number, extFields values as strings, numbers or booleans, the {@code \u0001}/{@code
 * \u0002} escapes of message properties. {@code serializeTypeCurrentRPC} is ignored when read: the
 * type byte of the frame is what counts.
 *
 * <p>Jackson's streaming parser does the JSON (escapes, UTF-8 validation, number overflow); its
 * read constraints bound nesting so hostile input cannot drive the stack. Thread-safe.
 */
final class JsonHeaderCodec implements HeaderCodec {

    /** A header is two levels deep; anything much deeper is not a header. */
    private static final int MAX_NESTING_DEPTH = 16;

    private static final JsonFactory JSON = JsonFactory.builder()
            // a peer must not be able to fill the JVM's string table with made-up keys
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build();

    @Override
    public void encode(RemotingCommand command, ByteBuf out) {
        try (JsonGenerator json = JSON.createGenerator((OutputStream) new ByteBufOutputStream(out))) {
            json.writeStartObject();
            json.writeNumberField("code", command.code());
            if (!command.extFields().isEmpty()) {
                json.writeObjectFieldStart("extFields");
                for (Map.Entry<String, String> field : new TreeMap<>(command.extFields()).entrySet()) {
                    json.writeStringField(field.getKey(), field.getValue());
                }
                json.writeEndObject();
            }
            json.writeNumberField("flag", command.flag());
            json.writeStringField("language", command.language().name());
            json.writeNumberField("opaque", command.opaque());
            if (command.remark() != null) {
                json.writeStringField("remark", command.remark());
            }
            json.writeStringField("serializeTypeCurrentRPC", HeaderEncoding.JSON.name());
            json.writeNumberField("version", command.version());
            json.writeEndObject();
        } catch (IOException e) {
            // a ByteBuf does not fail a write: this is a string Jackson cannot encode (a lone surrogate)
            throw new UncheckedIOException("cannot write the JSON header of " + command, e);
        }
    }

    @Override
    public RemotingCommand.Builder decode(ByteBuf header) throws HeaderDecodingException {
        byte[] bytes = ByteBufUtil.getBytes(header);
        try (JsonParser json = JSON.createParser(bytes)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new HeaderDecodingException("JSON header is not an object");
            }
            RemotingCommand.Builder command = RemotingCommand.builder();
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String key = json.currentName();
                JsonToken value = json.nextToken();
                if (value == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (key) {
                    case "code" -> command.code(intValue(json, key));
                    case "language" -> command.language(value == JsonToken.VALUE_NUMBER_INT
                            ? LanguageCode.ofCode(intValue(json, key))
                            : LanguageCode.ofName(scalarText(json, key)));
                    case "version" -> command.version(intValue(json, key));
                    case "opaque" -> command.opaque(intValue(json, key));
                    case "flag" -> command.flag(intValue(json, key));
                    case "remark" -> command.remark(scalarText(json, key));
                    case "extFields" -> readExtFields(json, command);
                    default -> json.skipChildren();
                }
            }
            if (json.currentToken() != JsonToken.END_OBJECT || json.nextToken() != null) {
                throw new HeaderDecodingException("JSON header does not end with its object");
            }
            return command;
        } catch (IOException e) {
            // JsonParseException, StreamConstraintsException, InputCoercionException (int overflow)
            throw new HeaderDecodingException("malformed JSON header", e);
        }
    }

    private static void readExtFields(JsonParser json, RemotingCommand.Builder command)
            throws IOException, HeaderDecodingException {
        if (json.currentToken() != JsonToken.START_OBJECT) {
            throw new HeaderDecodingException("extFields is not an object");
        }
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String key = json.currentName();
            if (json.nextToken() != JsonToken.VALUE_NULL) {
                command.extField(key, scalarText(json, "extFields." + key));
            }
        }
    }

    /** Upstream writes numbers as JSON strings in extFields; tolerate the unquoted forms too. */
    private static String scalarText(JsonParser json, String key) throws IOException, HeaderDecodingException {
        if (!json.currentToken().isScalarValue()) {
            throw new HeaderDecodingException(key + " is not a string");
        }
        return json.getText();
    }

    /** An int field, as a JSON number or (fastjson reads those too) a numeric string. */
    private static int intValue(JsonParser json, String key) throws IOException, HeaderDecodingException {
        JsonToken token = json.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return json.getIntValue();
        }
        if (token == JsonToken.VALUE_STRING) {
            try {
                return Integer.parseInt(json.getText().trim());
            } catch (NumberFormatException e) {
                throw new HeaderDecodingException(key + " is not an int", e);
            }
        }
        throw new HeaderDecodingException(key + " is not an int");
    }
}
