package io.ballast.itest.client;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP relay put between a client and a server that notes the header encoding of every
 * frame the client sends. A remoting frame starts
 *
 * <pre>
 * +----------------+---------------+---------------------+--------+------+
 * | length (int32) | type (1 byte) | header length (3 B) | header | body |
 * +----------------+---------------+---------------------+--------+------+
 *                    0 = JSON, 1 = ROCKETMQ
 * </pre>
 *
 * where length counts everything after itself. The server's answers are relayed untouched.
 */
final class FrameTypeRecorder implements AutoCloseable {
    static final int JSON = 0;
    static final int ROCKETMQ = 1;

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final List<Integer> requestTypes = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    FrameTypeRecorder(String upstreamAddress) throws IOException {
        int colon = upstreamAddress.lastIndexOf(':');
        upstream = new InetSocketAddress(upstreamAddress.substring(0, colon), Integer.parseInt(upstreamAddress.substring(colon + 1)));
        listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        daemon("relay-accept", this::accept);
    }

    /** host:port to give the client instead of the server's. */
    String address() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    /** The header type of each frame the client sent, in order. */
    List<Integer> requestTypes() {
        return List.copyOf(requestTypes);
    }

    private void accept() {
        try {
            while (true) {
                Socket client = listener.accept();
                Socket server = new Socket(upstream.getAddress(), upstream.getPort());
                sockets.add(client);
                sockets.add(server);
                daemon("relay-requests", () -> relayFrames(client, server));
                daemon("relay-responses", () -> relayBytes(server, client));
            }
        } catch (IOException closed) {
            // the recorder was closed
        }
    }

    private void relayFrames(Socket from, Socket to) {
        try (DataInputStream in = new DataInputStream(from.getInputStream());
             DataOutputStream out = new DataOutputStream(to.getOutputStream())) {
            while (true) {
                int length = in.readInt();
                int typeAndHeaderLength = in.readInt();
                byte[] rest = new byte[length - 4];
                in.readFully(rest);
                requestTypes.add(typeAndHeaderLength >>> 24);
                out.writeInt(length);
                out.writeInt(typeAndHeaderLength);
                out.write(rest);
                out.flush();
            }
        } catch (IOException endOfStream) {
            closeQuietly(to);
        }
    }

    private void relayBytes(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException endOfStream) {
            // either side went away
        } finally {
            closeQuietly(to);
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(FrameTypeRecorder::closeQuietly);
    }
}
