package io.ballast.remoting;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/**
 * A frame from {@link RemotingFrameDecoder} (header mark, header, body; layout in
 * {@link RemotingFrame}) to a {@link RemotingCommand}.
 *
 * <p>The header length is checked against the frame before a byte of the header is read, and the
 * body is a retained slice of the frame, not a copy: the command owns that reference. A header
 * that cannot be decoded closes the connection (one WARN); frames that were already read behind it
 * are dropped. Stateless and sharable.
 */
@ChannelHandler.Sharable
public final class RemotingCommandDecoder extends MessageToMessageDecoder<ByteBuf> {

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        if (!ctx.channel().isActive()) {
            return; // closed behind an earlier bad frame of the same read; the frame is released for us
        }
        try {
            out.add(decode(frame));
        } catch (HeaderDecodingException e) {
            UndecodableInput.closeConnection(ctx, e.getMessage());
        }
    }

    static RemotingCommand decode(ByteBuf frame) throws HeaderDecodingException {
        if (frame.readableBytes() < RemotingFrame.HEADER_MARK_LENGTH) {
            throw new HeaderDecodingException("frame of " + frame.readableBytes() + " bytes has no header mark");
        }
        int mark = frame.readInt();
        HeaderEncoding encoding = HeaderEncoding.ofTypeByte(RemotingFrame.typeByteOf(mark));
        if (encoding == null) {
            throw new HeaderDecodingException("unknown header encoding " + RemotingFrame.typeByteOf(mark));
        }
        int headerLength = RemotingFrame.headerLengthOf(mark);
        if (headerLength > frame.readableBytes()) {
            throw new HeaderDecodingException("header length " + headerLength + " exceeds the "
                    + frame.readableBytes() + " bytes left in the frame");
        }
        RemotingCommand.Builder command = encoding.codec().decode(frame.readSlice(headerLength));
        ByteBuf body = frame.isReadable() ? frame.readRetainedSlice(frame.readableBytes()) : Unpooled.EMPTY_BUFFER;
        return command.headerEncoding(encoding).body(body).build();
    }
}
