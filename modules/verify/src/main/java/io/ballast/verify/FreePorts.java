package io.ballast.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the local cluster, free a moment ago and below the kernel's ephemeral range: a port
 * from that range can be taken by any outgoing connection between the pick and the broker's
 * start. All are held open together while picking so that they are distinct. A broker also
 * needs its listen port minus 2 (RocketMQ's VIP channel) free, so picks keep clear of that too.
 */
final class FreePorts {
    private static final int LOWEST = 20_000;

    private FreePorts() {
    }

    static int[] pick(int count) {
        int below = ephemeralLow();
        List<ServerSocket> held = new ArrayList<>();
        int[] ports = new int[count];
        int found = 0;
        try {
            int port = LOWEST + ThreadLocalRandom.current().nextInt(below - LOWEST - 10 * count);
            for (int tries = 0; found < count && tries < 2_000 && port < below; tries++, port += 3) {
                ServerSocket socket = new ServerSocket();
                try {
                    socket.bind(new InetSocketAddress("0.0.0.0", port));
                } catch (IOException taken) {
                    socket.close();
                    continue;
                }
                held.add(socket);
                ports[found++] = port;
            }
            if (found < count) {
                throw new UncheckedIOException(new IOException("only " + found + " free ports between " + LOWEST + " and " + below));
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // released either way
                }
            }
        }
    }

    private static int ephemeralLow() {
        try {
            int low = Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+")[0]);
            return low > LOWEST + 1_000 ? low : 32_768;
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
