package io.ballast.remoting;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;

/**
 * A peer on a plain socket, for what a RemotingClient cannot show: the exact frames that arrive
 * (or do not), and bytes no well-behaved client would send.
 */
final class RawPeer implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawPeer(InetSocketAddress server) throws IOException {
        socket = new Socket(server.getAddress(), server.getPort());
        socket.setSoTimeout(10_000); // a hung test fails instead of hanging the build
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Encodes and sends {@code command}, releasing it. */
    void send(RemotingCommand command) throws IOException {
        sendBytes(Wire.encode(command));
    }

    void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next frame as a command; the caller releases it. */
    RemotingCommand receive() throws IOException, HeaderDecodingException {
        byte[] frame = new byte[in.readInt()];
        in.readFully(frame);
        ByteBuf buffer = Unpooled.wrappedBuffer(frame);
        try {
            return RemotingCommandDecoder.decode(buffer);
        } finally {
            buffer.release();
        }
    }

    /** Waits (up to the socket timeout) for the server to close the connection; false if it sent a byte instead. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
