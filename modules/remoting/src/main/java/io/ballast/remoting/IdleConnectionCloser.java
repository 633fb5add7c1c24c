package io.ballast.remoting;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that neither read nor wrote for the idle timeout (the event comes from the
 * {@link io.netty.handler.timeout.IdleStateHandler} in front of it). Live RocketMQ clients
 * heartbeat every 30 s, so only dead or abandoned peers reach the usual 120 s (wire format §1.6).
 * Sharable.
 */
@ChannelHandler.Sharable
final class IdleConnectionCloser extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(IdleConnectionCloser.class);

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent idle && idle.state() == IdleState.ALL_IDLE) {
            LOG.info("Closing connection {} -> {}: idle for the idle timeout", ctx.channel().localAddress(), ctx.channel().remoteAddress());
            ctx.close();
        } else {
            super.userEventTriggered(ctx, event);
        }
    }
}
