package io.ballast.remoting;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.util.HexFormat;

/** Test helpers: the codec pipeline and raw frames. */
final class Wire {

    private Wire() {
    }

    static EmbeddedChannel pipeline() {
        return new EmbeddedChannel(new RemotingFrameDecoder(), new RemotingCommandDecoder(), new RemotingCommandEncoder());
    }

    /** Encodes {@code command} (and releases it) through a pipeline; returns the frame's bytes. */
    static byte[] encode(RemotingCommand command) {
        EmbeddedChannel channel = pipeline();
        channel.writeOutbound(command);
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf part; (part = channel.readOutbound()) != null; ) {
            all.writeBytes(part);
            part.release();
        }
        channel.finishAndReleaseAll();
        byte[] bytes = ByteBufUtil.getBytes(all);
        all.release();
        return bytes;
    }

    /** A raw frame: length, mark, header bytes, body bytes. */
    static byte[] frame(int typeByte, byte[] header, byte[] body) {
        ByteBuf frame = Unpooled.buffer();
        frame.writeInt(4 + header.length + body.length);
        frame.writeInt(typeByte << 24 | header.length);
        frame.writeBytes(header).writeBytes(body);
        byte[] bytes = ByteBufUtil.getBytes(frame);
        frame.release();
        return bytes;
    }

    /** The "host:port" form a RemotingClient takes. */
    static String address(InetSocketAddress server) {
        return server.getHostString() + ":" + server.getPort();
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static byte[] concat(byte[]... parts) {
        ByteBuf all = Unpooled.buffer();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        byte[] bytes = ByteBufUtil.getBytes(all);
        all.release();
        return bytes;
    }
}
