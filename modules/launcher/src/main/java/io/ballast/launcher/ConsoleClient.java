package io.ballast.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * {@code bin/ballast console}: joins this terminal's stdin and stdout to the broker's loopback
 * Gogo console. Plain text both ways, so it works the same typed by hand or fed from a pipe.
 */
public final class ConsoleClient {

    private ConsoleClient() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !args[0].contains(":")) {
            System.err.println("usage: ConsoleClient host:port");
            System.exit(2);
        }
        String address = args[0];
        int colon = address.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))), 5_000);
            Thread upstream = new Thread(() -> {
                try {
                    copy(System.in, socket.getOutputStream());
                    socket.shutdownOutput(); // end of input: the console answers what is pending, then closes
                } catch (IOException ignored) {
                    // the console closed first
                }
            }, "console-stdin");
            upstream.setDaemon(true);
            upstream.start();
            copy(socket.getInputStream(), System.out);
        } catch (IOException e) {
            System.err.println("ballast: cannot reach the console at " + address + ": " + e.getMessage());
            System.exit(1);
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            out.flush();
        }
    }
}
