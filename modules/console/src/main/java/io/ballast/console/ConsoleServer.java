package io.ballast.console;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.apache.felix.service.command.CommandProcessor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the Gogo shell on a loopback TCP port, one session per connection. Loopback only,
 * enforced: the console can stop the broker and swap its services, and it has no
 * authentication, so whoever reaches it must already be on the machine.
 *
 * <p>The bound address is announced as an endpoint service, which the launcher writes into
 * {@code data/ballast.ready} for {@code bin/ballast console}; the default port 0 lets several
 * instances share a machine without a port plan.
 */
@Component(configurationPid = "io.ballast.console", service = {})
@Designate(ocd = ConsoleServer.Config.class)
public final class ConsoleServer {
    static final String ENDPOINT = "ballast.endpoint";
    static final String ENDPOINT_ADDRESS = "ballast.endpoint.address";

    @ObjectClassDefinition(name = "Ballast console", description = "The Gogo shell on a loopback TCP port")
    public @interface Config {
        @AttributeDefinition(description = "Loopback address to listen on")
        String host() default "127.0.0.1";

        @AttributeDefinition(description = "Port; 0 picks a free one (bin/ballast console finds it)")
        int port() default 0;

        @AttributeDefinition(description = "Sessions open at once; further connections are told to retry")
        int maxSessions() default 4;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);

    private final CommandProcessor processor;
    private final ServerSocket serverSocket;
    private final Semaphore sessions;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private final ServiceRegistration<ConsoleServer> endpoint;

    @Activate
    public ConsoleServer(@Reference CommandProcessor processor, Config config, BundleContext context) throws IOException {
        this.processor = processor;
        InetAddress address = InetAddress.getByName(config.host());
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException("console host " + config.host()
                    + " is not a loopback address; the console has no authentication and listens on loopback only");
        }
        this.sessions = new Semaphore(Math.max(1, config.maxSessions()));
        this.serverSocket = new ServerSocket();
        serverSocket.bind(new InetSocketAddress(address, config.port()));
        this.acceptor = new Thread(this::acceptLoop, "ballast-console-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        String bound = address.getHostAddress() + ":" + serverSocket.getLocalPort();
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(ENDPOINT, "console");
        properties.put(ENDPOINT_ADDRESS, bound);
        this.endpoint = context.registerService(ConsoleServer.class, this, properties);
        LOG.info("Console listening on {}", bound);
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                LOG.warn("Console accept failed: {}", e.getMessage());
                continue;
            }
            if (!sessions.tryAcquire()) {
                refuse(socket);
                continue;
            }
            open.add(socket);
            Thread session = new Thread(() -> {
                try {
                    new ConsoleSession(processor, socket).run();
                } finally {
                    open.remove(socket);
                    sessions.release();
                }
            }, "ballast-console-" + socket.getPort());
            session.setDaemon(true);
            session.start();
        }
    }

    private static void refuse(Socket socket) {
        try (socket) {
            socket.getOutputStream().write("ballast: too many console sessions open; try again later\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
            // the client went away first
        }
    }

    @Deactivate
    void deactivate() {
        endpoint.unregister();
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // the session thread ends on the closed socket
            }
        }
        LOG.info("Console closed");
    }
}
