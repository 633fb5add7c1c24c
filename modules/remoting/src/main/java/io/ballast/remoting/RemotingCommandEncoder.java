package io.ballast.remoting;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * A {@link RemotingCommand} to a frame (layout in {@link RemotingFrame}), its header in the
 * command's own {@link HeaderEncoding}.
 *
 * <p>Writes two buffers: a new one with length, mark and header, then a retained duplicate of the body,
 * so a large body is never copied. The command is released after encoding (by
 * {@link MessageToMessageEncoder}); the body lives on until the socket has written it. A command
 * that does not fit a frame fails its write promise and nothing reaches the wire. Sharable.
 */
@ChannelHandler.Sharable
public final class RemotingCommandEncoder extends MessageToMessageEncoder<RemotingCommand> {

    @Override
    protected void encode(ChannelHandlerContext ctx, RemotingCommand command, List<Object> out) {
        ByteBuf head = ctx.alloc().buffer();
        try {
            head.writeInt(0); // frame length, known once the header is written
            head.writeInt(0); // header mark, likewise
            command.headerEncoding().codec().encode(command, head);
            int headerLength = head.readableBytes() - RemotingFrame.LENGTH_FIELD_LENGTH - RemotingFrame.HEADER_MARK_LENGTH;
            long frameLength = (long) RemotingFrame.HEADER_MARK_LENGTH + headerLength + command.body().readableBytes();
            if (headerLength > RemotingFrame.MAX_HEADER_LENGTH
                    || frameLength + RemotingFrame.LENGTH_FIELD_LENGTH > RemotingFrame.MAX_FRAME_LENGTH) {
                throw new EncoderException("frame of " + (frameLength + RemotingFrame.LENGTH_FIELD_LENGTH)
                        + " bytes (header " + headerLength + ") exceeds the 16 MiB limit: " + command);
            }
            head.setInt(0, (int) frameLength);
            head.setInt(RemotingFrame.LENGTH_FIELD_LENGTH, RemotingFrame.headerMark(command.headerEncoding(), headerLength));
        } catch (RuntimeException e) {
            head.release();
            throw e;
        }
        out.add(head);
        if (command.body().isReadable()) {
            // a duplicate: the socket moves its reader index, the command's own view stays as it was
            out.add(command.body().retainedDuplicate());
        }
    }
}
