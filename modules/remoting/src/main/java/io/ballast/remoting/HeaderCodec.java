package io.ballast.remoting;

import io.netty.buffer.ByteBuf;

/** One header encoding: the logical header fields of a command to bytes and back. */
interface HeaderCodec {

    /** Writes the header fields of {@code command} (never its body) at {@code out}'s writer index. */
    void encode(RemotingCommand command, ByteBuf out);

    /**
     * Reads a whole header: {@code header} holds exactly its bytes, nothing of the body.
     *
     * @return a builder carrying the header fields, without body and encoding
     * @throws HeaderDecodingException when the bytes are not a header of this encoding
     */
    RemotingCommand.Builder decode(ByteBuf header) throws HeaderDecodingException;
}
