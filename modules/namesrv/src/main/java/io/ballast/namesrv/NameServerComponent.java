package io.ballast.namesrv;

import java.net.InetSocketAddress;
import io.ballast.remoting.ProcessorExecutor;
import io.ballast.remoting.RemotingServer;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the name server when this JVM has the {@code namesrv} role (framework property
 * {@code ballast.roles}); otherwise it activates and does nothing, so one distribution serves every
 * role. Once listening it announces the endpoint {@code namesrv} with its address, which the
 * launcher's readiness waits for. A configuration change restarts the server on the new address;
 * brokers reconnect and re-register within their 30 s period.
 */
@Component(configurationPid = "io.ballast.namesrv", service = {})
@Designate(ocd = NameServerComponent.Config.class)
public final class NameServerComponent {

    static final String ROLE = "namesrv";
    static final String ROLES_PROPERTY = "ballast.roles";
    static final String ENDPOINT = "ballast.endpoint";
    static final String ENDPOINT_ADDRESS = "ballast.endpoint.address";

    @ObjectClassDefinition(name = "Ballast name server", description = "The RocketMQ name server: broker registration and topic routes")
    public @interface Config {
        @AttributeDefinition(description = "Port clients and brokers reach the name server on (RocketMQ's default 9876)")
        int listenPort() default 9876;

        @AttributeDefinition(description = "Address to listen on; 0.0.0.0 for every interface")
        String bindAddress() default "127.0.0.1";

        @AttributeDefinition(description = "Milliseconds between scans that forget brokers silent past their heartbeat timeout")
        long scanNotActiveBrokerInterval() default 5000;
    }

    private static final Logger LOG = LoggerFactory.getLogger(NameServerComponent.class);

    private final BundleContext context;
    private final boolean enabled;
    private NameServer nameServer;
    private AutoCloseable listener;
    private ServiceRegistration<NameServerComponent> endpoint;

    @Activate
    public NameServerComponent(BundleContext context, Config config) {
        this.context = context;
        this.enabled = hasRole(context.getProperty(ROLES_PROPERTY));
        if (enabled) {
            start(config);
        } else {
            LOG.debug("Name server not started: this JVM's roles ({}) do not include {}",
                    context.getProperty(ROLES_PROPERTY), ROLE);
        }
    }

    static boolean hasRole(String rolesProperty) {
        return rolesProperty != null && Arrays.stream(rolesProperty.split(",")).map(String::trim).anyMatch(ROLE::equals);
    }

    @Modified
    void modified(Config config) {
        if (enabled) {
            stop();
            start(config);
        }
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    private void start(Config config) {
        NameServerSettings settings = new NameServerSettings(config.bindAddress(), config.listenPort(),
                config.scanNotActiveBrokerInterval());
        nameServer = new NameServer(settings, Clock.systemUTC());
        InetSocketAddress bound = listen(nameServer, new InetSocketAddress(config.bindAddress(), config.listenPort()));
        String address = bound.getAddress().getHostAddress() + ":" + bound.getPort();
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(ENDPOINT, ROLE);
        properties.put(ENDPOINT_ADDRESS, address);
        endpoint = context.registerService(NameServerComponent.class, this, properties);
        LOG.info("Name server listening on {}", address);
    }

    /**
     * Starts the remoting server for {@code server}'s processors. Closed connections need no
     * ConnectionListener: the registration processor watches the registering channel itself.
     *
     * @return the bound address
     */
    private InetSocketAddress listen(NameServer server, InetSocketAddress address) {
        ProcessorExecutor executor = ProcessorExecutor.create("namesrv", 4, 10_000);
        RemotingServer.Builder builder = RemotingServer.builder("namesrv").bind(address).idleTimeout(Duration.ofSeconds(120));
        server.processors().forEach((code, processor) -> builder.register(code, processor, executor));
        RemotingServer remoting = builder.build();
        InetSocketAddress bound;
        try {
            bound = remoting.start();
        } catch (RuntimeException e) {
            executor.close();
            throw e;
        }
        listener = () -> {
            remoting.close();
            executor.close();
        };
        return bound;
    }

    private void stop() {
        if (endpoint != null) {
            endpoint.unregister();
            endpoint = null;
        }
        if (listener != null) {
            try {
                listener.close();
            } catch (Exception e) {
                LOG.warn("Closing the name server listener failed: {}", e.toString());
            }
            listener = null;
        }
        if (nameServer != null) {
            nameServer.close();
            nameServer = null;
            LOG.info("Name server stopped");
        }
    }
}
