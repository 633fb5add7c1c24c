package io.ballast.remoting;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Cuts the TCP stream into frames (layout in {@link RemotingFrame}) and passes each on without its
 * length field: header mark, header, body. Several frames in one read and frames spread over
 * several reads both come out whole.
 *
 * <p>A frame over 16 MiB, or with a negative length, closes the connection (fail-fast: as soon as
 * the length is read, before its bytes are buffered). Not sharable: it holds the partial frame.
 */
public final class RemotingFrameDecoder extends LengthFieldBasedFrameDecoder {

    public RemotingFrameDecoder() {
        super(RemotingFrame.MAX_FRAME_LENGTH, 0, RemotingFrame.LENGTH_FIELD_LENGTH, 0,
                RemotingFrame.LENGTH_FIELD_LENGTH, true);
    }

    /**
     * Netty hands a decoder its own failure here (TooLongFrameException, CorruptedFrameException);
     * those end the connection instead of travelling to the end of the pipeline. Anything else is
     * not ours to judge.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (cause instanceof DecoderException) {
            UndecodableInput.closeConnection(ctx, "bad frame: " + cause.getMessage());
        } else {
            super.exceptionCaught(ctx, cause);
        }
    }
}
