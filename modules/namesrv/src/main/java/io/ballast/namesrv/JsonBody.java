package io.ballast.namesrv;

import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.protocol.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/** Command bodies as the name server reads and writes them: JSON (or text) bytes. */
final class JsonBody {

    private JsonBody() {
    }

    /** @return a new buffer holding {@code value} as fastjson-shaped JSON; the response takes it over */
    static ByteBuf of(Object value) {
        return Unpooled.wrappedBuffer(Json.write(value));
    }

    /** @return a copy of the request's body bytes (the request is released after processing) */
    static byte[] bytesOf(RemotingCommand request) {
        return ByteBufUtil.getBytes(request.body());
    }
}
