package io.ballast.remoting;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last inbound handler: a decoded command is either a response to a request we sent (matched
 * by opaque to its waiting call) or a request for the {@link RequestDispatcher}. Also tells the
 * {@link ConnectionListener} about the connection's life, and closes a connection whose socket
 * failed. Sharable: its state is per connection, in {@link NettyRemotingChannel}.
 */
@ChannelHandler.Sharable
final class CommandDispatchHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(CommandDispatchHandler.class);

    private final RequestDispatcher dispatcher;
    private final ConnectionListener listener;

    CommandDispatchHandler(RequestDispatcher dispatcher, ConnectionListener listener) {
        this.dispatcher = dispatcher;
        this.listener = listener;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        listener.connected(NettyRemotingChannel.of(ctx.channel()));
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        listener.closed(NettyRemotingChannel.of(ctx.channel()));
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof RemotingCommand command)) {
            ReferenceCountUtil.release(msg); // nothing else comes out of the decoders
            return;
        }
        NettyRemotingChannel channel = NettyRemotingChannel.of(ctx.channel());
        if (!command.isResponse()) {
            dispatcher.dispatch(channel, command);
        } else if (!channel.pending().complete(command)) {
            // timed out already, or an answer to nothing we asked: upstream drops these too (§1.5)
            LOG.debug("Dropping response code {} with unknown opaque {} from {}", command.code(), command.opaque(), ctx.channel().remoteAddress());
            command.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("Closing connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            LOG.warn("Closing connection from {}", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
