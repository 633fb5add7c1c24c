package io.ballast.remoting;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCounted;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One remoting request or response: the logical header fields (wire format §1.2), the body, and the
 * header encoding it arrived with (or is to be sent with).
 *
 * <p>Immutable header, built with {@link Builder}: a command is handed from the I/O thread to a
 * processor thread and back, and an immutable header needs no thought about who may change it on
 * the way. Only the body is a live object.
 *
 * <p><b>Body ownership.</b> The body is a {@link ByteBuf}, so a decoded body is a zero-copy slice of
 * the received frame and a pull response can later carry a slice of a mapped file. The command owns
 * exactly one reference to its body and is itself {@link ReferenceCounted} by delegating to it:
 * whoever holds a command releases it once ({@code ReferenceCountUtil.release(command)}), as with any
 * Netty message. {@link RemotingCommandEncoder} releases the command it writes; a handler that
 * consumes a decoded command must release it. A command without body carries
 * {@link Unpooled#EMPTY_BUFFER}, for which retain and release are no-ops.
 */
public final class RemotingCommand implements ReferenceCounted {

    /** Flag bit 0: this command answers a request. */
    public static final int RESPONSE_FLAG = 1;
    /** Flag bit 1: a request that wants no response. */
    public static final int ONEWAY_FLAG = 2;

    private final int code;
    private final LanguageCode language;
    private final int version;
    private final int opaque;
    private final int flag;
    private final String remark;
    private final Map<String, String> extFields;
    private final ByteBuf body;
    private final HeaderEncoding headerEncoding;

    private RemotingCommand(Builder b) {
        this.code = b.code;
        this.language = b.language;
        this.version = b.version;
        this.opaque = b.opaque;
        this.flag = b.flag;
        this.remark = b.remark;
        this.extFields = Collections.unmodifiableMap(new LinkedHashMap<>(b.extFields));
        this.body = b.body;
        this.headerEncoding = b.headerEncoding;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the response to {@code request}: same opaque, response bit set, same header encoding
     * (a client only has to read what it writes itself).
     */
    public static Builder responseTo(RemotingCommand request, int responseCode) {
        return builder()
                .code(responseCode)
                .opaque(request.opaque)
                .flag(RESPONSE_FLAG)
                .headerEncoding(request.headerEncoding);
    }

    public int code() { return code; }
    public LanguageCode language() { return language; }
    public int version() { return version; }
    public int opaque() { return opaque; }
    public int flag() { return flag; }
    /** @return the remark, or null when there is none */
    public String remark() { return remark; }
    /** @return the custom header fields, unmodifiable, never null */
    public Map<String, String> extFields() { return extFields; }
    /** @return the body, owned by this command (see the class comment); empty when there is none */
    public ByteBuf body() { return body; }
    public HeaderEncoding headerEncoding() { return headerEncoding; }

    /**
     * A builder holding this command's fields, for a copy that differs in a few (the opaque a
     * sender assigns, the version a server stamps). The body reference is handed over with it:
     * after {@code toBuilder().build()} the new command owns the body, and this one must not be
     * released as well.
     */
    public Builder toBuilder() {
        return builder().code(code).language(language).version(version).opaque(opaque).flag(flag)
                .remark(remark).extFields(extFields).body(body).headerEncoding(headerEncoding);
    }

    public boolean isResponse() {
        return (flag & RESPONSE_FLAG) != 0;
    }

    public boolean isOneway() {
        return (flag & ONEWAY_FLAG) != 0;
    }

    @Override public int refCnt() { return body.refCnt(); }
    @Override public RemotingCommand retain() { body.retain(); return this; }
    @Override public RemotingCommand retain(int increment) { body.retain(increment); return this; }
    @Override public RemotingCommand touch() { body.touch(); return this; }
    @Override public RemotingCommand touch(Object hint) { body.touch(hint); return this; }
    @Override public boolean release() { return body.release(); }
    @Override public boolean release(int decrement) { return body.release(decrement); }

    /** Equal header fields, encoding and readable body bytes; for tests and the fuzzer. */
    @Override
    public boolean equals(Object o) {
        return o instanceof RemotingCommand c
                && code == c.code && language == c.language && version == c.version
                && opaque == c.opaque && flag == c.flag && Objects.equals(remark, c.remark)
                && extFields.equals(c.extFields) && headerEncoding == c.headerEncoding
                && ByteBufUtil.equals(body, c.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, opaque, flag, extFields);
    }

    @Override
    public String toString() {
        return "RemotingCommand{code=" + code + ", language=" + language + ", version=" + version
                + ", opaque=" + opaque + ", flag=" + flag + ", remark=" + remark
                + ", extFields=" + extFields + ", body=" + body.readableBytes() + " bytes, "
                + headerEncoding + "}";
    }

    /** Collects the fields of a command; not thread-safe, used once. */
    public static final class Builder {
        private int code;
        private LanguageCode language = LanguageCode.JAVA;
        private int version;
        private int opaque;
        private int flag;
        private String remark;
        private final Map<String, String> extFields = new LinkedHashMap<>();
        private ByteBuf body = Unpooled.EMPTY_BUFFER;
        private HeaderEncoding headerEncoding = HeaderEncoding.JSON;

        private Builder() {
        }

        public Builder code(int code) { this.code = code; return this; }
        public Builder language(LanguageCode language) { this.language = Objects.requireNonNull(language); return this; }
        public Builder version(int version) { this.version = version; return this; }
        public Builder opaque(int opaque) { this.opaque = opaque; return this; }
        public Builder flag(int flag) { this.flag = flag; return this; }
        public Builder remark(String remark) { this.remark = remark; return this; }

        public Builder extField(String key, String value) {
            extFields.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        public Builder extFields(Map<String, String> fields) {
            fields.forEach(this::extField);
            return this;
        }

        /** Hands the caller's reference to {@code body} over to the command that will be built. */
        public Builder body(ByteBuf body) { this.body = Objects.requireNonNull(body); return this; }

        public Builder headerEncoding(HeaderEncoding encoding) { this.headerEncoding = Objects.requireNonNull(encoding); return this; }

        public RemotingCommand build() {
            return new RemotingCommand(this);
        }
    }
}
