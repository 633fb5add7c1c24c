package io.ballast.itest.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ballast.itest.fixture.Await;
import io.ballast.itest.fixture.BallastInstance;
import io.ballast.itest.fixture.MasterSlavePair;
import io.ballast.itest.fixture.UnpackedDistribution.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The distribution's {@code plugins/routing-slave-preferred} on a master and its slave, under load
 * from the official client, the way docs/operations.md tells an operator to use it: copied into
 * both brokers' {@code deploy/}, it outranks slave read and every pull is then served by the
 * slave; deleted again, slave read is back and the master serves the consumer. Which broker serves
 * is read from each broker's runtime info (messages got), over windows in which messages flow.
 *
 * <p>And a master with no slave keeps serving with the plugin on: the official client, told to
 * pull from a broker id its route lacks, falls back to a broker it has (MQClientInstance's
 * findBrokerAddressInSubscribe), here the master.
 */
class SlavePreferredRoutingIT {
    private static final String SLAVE_READ = "io.ballast.routing.SlaveReadRouting";
    private static final String SLAVE_PREFERRED = "io.ballast.routing.slavepreferred.SlavePreferredRouting";
    private static final String MESSAGES_GOT = "msgGetTotalTodayNow";
    /** A window long enough for a few hundred messages to flow, so "served none" means something. */
    private static final Duration WINDOW = Duration.ofSeconds(2);
    private static final int WINDOWS = 12;

    @RegisterExtension
    static final MasterSlavePair pair = MasterSlavePair.builder("ASYNC_MASTER").build();

    private final List<DefaultMQProducer> probes = new java.util.ArrayList<>();

    @AfterEach
    void closeProbes() {
        probes.forEach(DefaultMQProducer::shutdown);
    }

    @Test
    void everyPullGoesToTheSlaveWhileThePluginIsDeployedAndBackToTheMasterAfterwardsLosingNothing() throws Exception {
        String topic = "SlavePreferred";
        MQClientAPIImpl api = startProbe(pair.nameServerAddress(), topic, Set.of(0L, 1L));
        Path jar = pluginJar();
        List<BallastInstance> brokers = List.of(pair.master(), pair.slave());

        try (SwapLoad load = SwapLoad.start(pair.nameServerAddress(), topic, 2, 50_000, false)) {
            load.awaitProgress(300, Duration.ofSeconds(30));
            awaitServedOnlyBy(api, pair.master(), pair.slave(), "slave read (the consumer is never behind)");

            for (BallastInstance broker : brokers) {
                Files.createDirectories(deploy(broker));
                Files.copy(jar, deploy(broker).resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            for (BallastInstance broker : brokers) {
                awaitActive(broker, SLAVE_PREFERRED);
            }
            awaitServedOnlyBy(api, pair.slave(), pair.master(), "the slave-preferred plugin");

            for (BallastInstance broker : brokers) {
                Files.delete(deploy(broker).resolve(jar.getFileName()));
            }
            for (BallastInstance broker : brokers) {
                awaitActive(broker, SLAVE_READ);
            }
            awaitServedOnlyBy(api, pair.master(), pair.slave(), "slave read again");

            SwapLoad.Result result = load.finish(Duration.ofSeconds(30));
            System.out.println("SWAP-RESULT service=routing-slave-preferred " + result);
            SwapChecks.nothingLost(result, pair.master().logTail(60));
        }
    }

    @Test
    void aMasterWithoutASlaveKeepsServingItsConsumersWithThePluginOnLosingNothing() throws Exception {
        MasterSlavePair alone = MasterSlavePair.builder("ASYNC_MASTER").withoutSlave().build();
        alone.start(Path.of(System.getProperty("ballast.itest.work", "target")).resolve("bases").resolve("SlavePreferredRoutingIT-alone"));
        try {
            Path jar = pluginJar();
            Files.createDirectories(deploy(alone.master()));
            Files.copy(jar, deploy(alone.master()).resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            awaitActive(alone.master(), SLAVE_PREFERRED);
            String topic = "SlavePreferredAlone";
            MQClientAPIImpl api = startProbe(alone.nameServerAddress(), topic, Set.of(0L));
            try (SwapLoad load = SwapLoad.start(alone.nameServerAddress(), topic, 2, 50_000, false)) {
                load.awaitProgress(300, Duration.ofSeconds(30));
                awaitServedOnlyBy(api, alone.master(), null, "the plugin and no slave in the route");
                SwapLoad.Result result = load.finish(Duration.ofSeconds(30));
                System.out.println("SWAP-RESULT service=routing-slave-preferred-no-slave " + result);
                SwapChecks.nothingLost(result, alone.master().logTail(60));
            }
        } catch (Throwable e) {
            System.err.println(alone.logTails());
            throw e;
        } finally {
            alone.close();
        }
    }

    /**
     * A producer whose first send creates the topic, held until the name server's route lists the
     * master and the slave: the load's consumer reads its route once at start and refreshes it only
     * every 30 s, and a suggested slave missing from its route sends it back to the master.
     */
    private MQClientAPIImpl startProbe(String nameServer, String topic, Set<Long> brokerIds) throws Exception {
        DefaultMQProducer probe = new DefaultMQProducer("p-route-probe");
        probes.add(probe);
        probe.setNamesrvAddr(nameServer);
        probe.setInstanceName("route-probe-" + System.nanoTime());
        probe.start();
        byte[] body = "route-probe".getBytes(StandardCharsets.UTF_8);
        assertEquals(SendStatus.SEND_OK, probe.send(new Message(topic, body)).getSendStatus());
        MQClientAPIImpl api = probe.getDefaultMQProducerImpl().getMqClientFactory().getMQClientAPIImpl();
        Await.until(Duration.ofSeconds(30), () -> "the route of " + topic + " listing brokers " + brokerIds, () -> {
            try {
                return api.getTopicRouteInfoFromNameServer(topic, 3_000).getBrokerDatas().stream()
                        .map(BrokerData::getBrokerAddrs).anyMatch(ids -> ids.keySet().equals(brokerIds));
            } catch (Exception e) {
                return false;
            }
        });
        return api;
    }

    /** The distribution's own copy, as an operator takes it. */
    private static Path pluginJar() throws Exception {
        try (Stream<Path> jars = Files.list(pair.distribution().home().resolve("plugins"))) {
            return jars.filter(j -> j.getFileName().toString().startsWith("routing-slave-preferred-")).findFirst()
                    .orElseThrow(() -> new AssertionError("the distribution's plugins/ has no routing-slave-preferred jar"));
        }
    }

    private static Path deploy(BallastInstance broker) {
        return broker.base().resolve("deploy");
    }

    /**
     * Waits (bounded in windows) for a window in which {@code serving} handed out messages and
     * {@code idle} (if any) none: the consumer pulls only from {@code serving}.
     */
    private static void awaitServedOnlyBy(MQClientAPIImpl api, BallastInstance serving, BallastInstance idle, String why)
            throws Exception {
        long[] before = {got(api, serving), got(api, idle)};
        for (int window = 0; window < WINDOWS; window++) {
            Thread.sleep(WINDOW.toMillis());
            long[] after = {got(api, serving), got(api, idle)};
            System.out.println("[SlavePreferredRoutingIT] " + why + ": " + serving.name() + " served " + (after[0] - before[0])
                    + (idle == null ? "" : ", " + idle.name() + " " + (after[1] - before[1])) + " messages in " + WINDOW.toSeconds() + " s");
            if (after[0] > before[0] && after[1] == before[1]) {
                return;
            }
            before = after;
        }
        throw new AssertionError("with " + why + ", no " + WINDOW.toSeconds() + " s window in " + WINDOWS + " had messages served by "
                + serving.name() + (idle == null ? "" : " and none by " + idle.name()));
    }

    /** Messages the broker handed out to pulls so far; 0 for no broker. */
    private static long got(MQClientAPIImpl api, BallastInstance broker) throws Exception {
        if (broker == null) {
            return 0;
        }
        Map<String, String> info = api.getBrokerRuntimeInfo(broker.address(), 3_000).getTable();
        return Long.parseLong(info.getOrDefault(MESSAGES_GOT, "0"));
    }

    /** Waits (30 s at most) until {@code ballast:services} on the broker shows {@code implementation} for routing. */
    private static void awaitActive(BallastInstance broker, String implementation) throws Exception {
        Await.until(Duration.ofSeconds(30), () -> broker.name() + " routing by " + implementation,
                () -> implementation.equals(activeRouting(broker)));
    }

    private static String activeRouting(BallastInstance broker) {
        try {
            Result console = pair.distribution().ballastWithInput("ballast:services\n", "console", "--base", broker.base().toString());
            Matcher row = Pattern.compile("^routing\\s+(\\S+)", Pattern.MULTILINE).matcher(console.output());
            return row.find() ? row.group(1) : "";
        } catch (Exception e) {
            return "";
        }
    }
}
