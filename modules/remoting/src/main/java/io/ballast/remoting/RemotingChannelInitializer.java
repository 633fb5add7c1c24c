package io.ballast.remoting;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of every remoting connection, server and client side alike:
 *
 * <pre>
 * socket → IdleStateHandler → IdleConnectionCloser → RemotingFrameDecoder → RemotingCommandDecoder
 *        ← RemotingCommandEncoder ←────────────────────────────────────────── CommandDispatchHandler
 * </pre>
 *
 * Each new channel also joins {@code channels}, so its owner can close them all on shutdown.
 */
final class RemotingChannelInitializer extends ChannelInitializer<SocketChannel> {

    private static final RemotingCommandDecoder COMMAND_DECODER = new RemotingCommandDecoder();
    private static final RemotingCommandEncoder COMMAND_ENCODER = new RemotingCommandEncoder();
    private static final IdleConnectionCloser IDLE_CLOSER = new IdleConnectionCloser();

    private final Duration idleTimeout;
    private final CommandDispatchHandler dispatch;
    private final ChannelGroup channels;

    RemotingChannelInitializer(Duration idleTimeout, CommandDispatchHandler dispatch, ChannelGroup channels) {
        this.idleTimeout = idleTimeout;
        this.dispatch = dispatch;
        this.channels = channels;
    }

    /** A builder's check: a zero idle timeout would mean "never idle" to Netty, not "close at once". */
    static Duration checkedIdleTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive: " + timeout);
        }
        return timeout;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        channels.add(channel);
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("idle", new IdleStateHandler(0, 0, idleTimeout.toNanos(), TimeUnit.NANOSECONDS));
        pipeline.addLast("idle-closer", IDLE_CLOSER);
        pipeline.addLast("frames", new RemotingFrameDecoder());
        pipeline.addLast("command-decoder", COMMAND_DECODER);
        pipeline.addLast("command-encoder", COMMAND_ENCODER);
        pipeline.addLast("dispatch", dispatch);
    }
}
