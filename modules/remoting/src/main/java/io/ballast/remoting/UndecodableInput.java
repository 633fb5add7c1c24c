package io.ballast.remoting;

import io.netty.channel.ChannelHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the codec does with a peer that sent bytes it cannot read: upstream closes the connection
 * on any decode error, and so do we. There is no resynchronising a stream without frame markers.
 */
final class UndecodableInput {

    private static final Logger LOG = LoggerFactory.getLogger(UndecodableInput.class);

    private UndecodableInput() {
    }

    /** Closes the connection with one WARN line; later failures on the closing channel stay quiet. */
    static void closeConnection(ChannelHandlerContext ctx, String reason) {
        if (ctx.channel().isActive()) {
            LOG.warn("Closing connection from {}: {}", ctx.channel().remoteAddress(), reason);
            ctx.close();
        }
    }
}
