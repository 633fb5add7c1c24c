package io.ballast.ha.link;

import static io.ballast.ha.link.LinkFixture.GROUP;
import static io.ballast.ha.link.LinkFixture.SEGMENT;
import static io.ballast.ha.link.LinkFixture.address;
import static io.ballast.ha.link.LinkFixture.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ballast.spi.replication.MasterLocation;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;

/** Which master the slave's component replicates from: haMasterAddress, else the location the broker learned. */
class HaSlaveComponentTest {
    private final LinkFixture fixture = new LinkFixture();
    private HaSlaveComponent component;

    @AfterEach
    void close() throws Exception {
        if (component != null) {
            component.stop();
        }
        fixture.close();
    }

    /** A broker JVM's context: only {@code ballast.roles} is read. */
    private static BundleContext brokerJvm() {
        return (BundleContext) Proxy.newProxyInstance(HaSlaveComponentTest.class.getClassLoader(), new Class<?>[]{BundleContext.class},
                (proxy, method, args) -> method.getName().equals("getProperty") && "ballast.roles".equals(args[0]) ? "broker" : null);
    }

    /** A slave's configuration as DS would fill it: these values, the annotation's defaults for the rest. */
    private static HaLinkConfig slaveConfig(String haMasterAddress) {
        Map<String, Object> values = new HashMap<>();
        values.put("brokerRole", "SLAVE");
        values.put("brokerId", 1L);
        values.put("brokerClusterName", GROUP.cluster());
        values.put("brokerName", GROUP.brokerName());
        values.put("haAuthSecret", "s3cret");
        values.put("haMasterAddress", haMasterAddress);
        values.put("haSendHeartbeatInterval", 50L);
        values.put("haHousekeepingInterval", 2000L);
        return (HaLinkConfig) Proxy.newProxyInstance(HaSlaveComponentTest.class.getClassLoader(), new Class<?>[]{HaLinkConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> HaLinkConfig.class;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "HaLinkConfig" + values;
                    default -> values.getOrDefault(method.getName(), method.getDefaultValue());
                });
    }

    private static String hostPort(MasterLink master) {
        InetSocketAddress a = address(master);
        return a.getHostString() + ":" + a.getPort();
    }

    private static MasterLocation location(MasterLink master) {
        return new MasterLocation(hostPort(master), "127.0.0.1:10911");
    }

    @Test
    void withoutHaMasterAddressItReplicatesFromTheLearnedMasterAndFollowsItWhenItMoves() throws Exception {
        byte[] bytes = fixture.randomBytes(250_000);
        InMemoryReplicatedLog firstLog = new InMemoryReplicatedLog(SEGMENT);
        firstLog.append(Arrays.copyOf(bytes, 150_000));
        MasterLink first = fixture.master(firstLog);
        InMemoryReplicatedLog slaveLog = new InMemoryReplicatedLog(SEGMENT);
        component = new HaSlaveComponent(brokerJvm(), slaveLog, slaveConfig(""));
        assertEquals(List.of(), first.replicas(), "no master known yet: the slave does not connect");

        MasterLocation firstLocation = location(first);
        component.bindMasterLocation(firstLocation);
        await("the slave holds the first master's log", () -> Arrays.equals(firstLog.content(), slaveLog.content()));

        // The master comes back on other ports with more bytes; DS binds the replacement before it unbinds the old one.
        InMemoryReplicatedLog secondLog = new InMemoryReplicatedLog(SEGMENT);
        secondLog.append(bytes);
        MasterLink second = fixture.master(secondLog);
        component.bindMasterLocation(location(second));
        component.unbindMasterLocation(firstLocation);

        await("the slave holds the moved master's log", () -> Arrays.equals(secondLog.content(), slaveLog.content()));
        await("the moved master counts it", () -> ReplicationStreamTest.acked(second) == secondLog.maxOffset());
        assertArrayEquals(bytes, slaveLog.content());
    }

    @Test
    void haMasterAddressWinsOverTheLearnedLocation() throws Exception {
        InMemoryReplicatedLog configuredLog = new InMemoryReplicatedLog(SEGMENT);
        configuredLog.append(fixture.randomBytes(120_000));
        MasterLink configured = fixture.master(configuredLog);
        InMemoryReplicatedLog otherLog = new InMemoryReplicatedLog(SEGMENT);
        otherLog.append(fixture.randomBytes(80_000));
        MasterLink other = fixture.master(otherLog);
        InMemoryReplicatedLog slaveLog = new InMemoryReplicatedLog(SEGMENT);

        component = new HaSlaveComponent(brokerJvm(), slaveLog, slaveConfig(hostPort(configured)));
        component.bindMasterLocation(location(other));

        await("the slave holds the configured master's log", () -> Arrays.equals(configuredLog.content(), slaveLog.content()));
        await("the configured master counts it", () -> ReplicationStreamTest.acked(configured) == configuredLog.maxOffset());
        assertEquals(List.of(), other.replicas(), "the learned master was never dialled");
    }
}
