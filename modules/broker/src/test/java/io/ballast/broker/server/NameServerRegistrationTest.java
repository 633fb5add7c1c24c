package io.ballast.broker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.broker.config.BrokerSettings;
import io.ballast.broker.config.LiveSettings;
import io.ballast.broker.metadata.JsonFile;
import io.ballast.broker.metadata.TopicConfigs;
import io.ballast.remoting.ProcessorExecutor;
import io.ballast.remoting.RemotingClient;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RemotingServer;
import io.ballast.remoting.protocol.Json;
import io.ballast.remoting.protocol.Perm;
import io.ballast.remoting.protocol.RegisterBrokerBody;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.remoting.protocol.TopicConfig;
import io.ballast.spi.replication.MasterLocation;
import io.netty.buffer.ByteBufUtil;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker's registration with a name server, over a real socket to a recording name server. */
class NameServerRegistrationTest {
    /** What the recording name server received: code, header, body. */
    record Received(int code, Map<String, String> header, byte[] body) {
    }

    @TempDir
    Path dir;

    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    private final RemotingClient client = new RemotingClient("test-broker");
    private final ProcessorExecutor executor = ProcessorExecutor.create("test-namesrv", 1, 100);
    private RemotingServer nameServer;

    @AfterEach
    void close() {
        client.close();
        if (nameServer != null) {
            nameServer.close();
        }
        executor.close();
        scheduler.shutdownNow();
    }

    private void startNameServer(int port) {
        startNameServer(port, Map.of());
    }

    /** @param answerFields header fields the name server puts in every answer */
    private void startNameServer(int port, Map<String, String> answerFields) {
        startNameServer(port, () -> answerFields);
    }

    /** @param answerFields header fields the name server puts in each answer, read per answer */
    private void startNameServer(int port, Supplier<Map<String, String>> answerFields) {
        RemotingServer.Builder builder = RemotingServer.builder("test-namesrv").bind(new InetSocketAddress("127.0.0.1", port));
        for (int code : new int[] {RequestCode.REGISTER_BROKER, RequestCode.UNREGISTER_BROKER}) {
            builder.register(code, (channel, request) -> {
                received.add(new Received(request.code(), request.extFields(), ByteBufUtil.getBytes(request.body())));
                RemotingCommand.Builder answer = RemotingCommand.responseTo(request, ResponseCode.SUCCESS);
                answerFields.get().forEach(answer::extField);
                return CompletableFuture.completedFuture(answer.build());
            }, executor);
        }
        nameServer = builder.build();
        nameServer.start();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private NameServerRegistration registration(int port, TopicConfigs topics) {
        LiveSettings settings = new LiveSettings(BrokerSettings.of(Map.of("namesrvAddr", "127.0.0.1:" + port,
                "brokerName", "broker-x", "brokerClusterName", "C1", "listenPort", "20911", "haListenPort", "20912"), dir));
        return new NameServerRegistration(settings, topics, client, scheduler);
    }

    @Test
    void registersItsIdentityAndEveryTopicWithAChecksummedBody() throws Exception {
        int port = freePort();
        startNameServer(port);
        TopicConfigs topics = TopicConfigs.open(new JsonFile(dir.resolve("topics.json")), true, 8);
        NameServerRegistration registration = registration(port, topics);
        registration.start();

        Received r = received.poll(10, TimeUnit.SECONDS);
        assertEquals(RequestCode.REGISTER_BROKER, r.code());
        assertEquals("broker-x", r.header().get("brokerName"));
        assertEquals("C1", r.header().get("clusterName"));
        assertEquals("127.0.0.1:20911", r.header().get("brokerAddr"));
        assertEquals("127.0.0.1:20912", r.header().get("haServerAddr"));
        assertEquals("0", r.header().get("brokerId"));
        CRC32 crc = new CRC32();
        crc.update(r.body());
        assertEquals(Long.toString(crc.getValue() & 0x7FFFFFFFL), r.header().get("bodyCrc32"));
        RegisterBrokerBody body = Json.read(r.body(), RegisterBrokerBody.class);
        assertTrue(body.topicConfigSerializeWrapper().topicConfigTable().containsKey("TBW102"));
        registration.firstRegistration().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aTopicChangeIsRegisteredBeforeTheChangeReturns() throws Exception {
        int port = freePort();
        startNameServer(port);
        TopicConfigs topics = TopicConfigs.open(new JsonFile(dir.resolve("topics.json")), true, 8);
        NameServerRegistration registration = registration(port, topics);
        topics.onChange(registration::registerNow);
        registration.start();
        received.poll(10, TimeUnit.SECONDS);

        topics.put(TopicConfig.of("orders", 4, Perm.READ | Perm.WRITE));

        Received r = received.poll();
        assertTrue(r != null, "the name server had no registration when the change returned");
        assertTrue(Json.read(r.body(), RegisterBrokerBody.class).topicConfigSerializeWrapper().topicConfigTable().containsKey("orders"));
    }

    @Test
    void aNameServerThatStartsLaterIsRegisteredWithWithinSeconds() throws Exception {
        int port = freePort();
        TopicConfigs topics = TopicConfigs.open(new JsonFile(dir.resolve("topics.json")), true, 8);
        NameServerRegistration registration = registration(port, topics);
        registration.start();
        Thread.sleep(300);
        assertTrue(!registration.firstRegistration().isDone());

        startNameServer(port);

        registration.firstRegistration().get(5, TimeUnit.SECONDS);
        assertEquals(RequestCode.REGISTER_BROKER, received.poll(1, TimeUnit.SECONDS).code());
    }

    @Test
    void theMasterAddressTheNameServerAnswersIsKept() throws Exception {
        int port = freePort();
        startNameServer(port, Map.of("masterAddr", "127.0.0.1:30911", "haServerAddr", "127.0.0.1:30912"));
        NameServerRegistration registration = registration(port, TopicConfigs.open(new JsonFile(dir.resolve("topics.json")), true, 8));
        assertEquals(Optional.empty(), registration.masterAddress());

        registration.start();
        registration.firstRegistration().get(10, TimeUnit.SECONDS);

        assertEquals(Optional.of("127.0.0.1:30911"), registration.masterAddress());
    }

    @Test
    void eachMasterLocationThatDiffersFromTheLastIsHandedToTheListener() throws Exception {
        int port = freePort();
        Map<String, String> first = Map.of("masterAddr", "127.0.0.1:30911", "haServerAddr", "127.0.0.1:30912");
        Map<String, String> moved = Map.of("masterAddr", "127.0.0.1:40911", "haServerAddr", "127.0.0.1:40912");
        AtomicReference<Map<String, String>> answer = new AtomicReference<>(first);
        startNameServer(port, answer::get);
        NameServerRegistration registration = registration(port, TopicConfigs.open(new JsonFile(dir.resolve("topics.json")), true, 8));
        BlockingQueue<MasterLocation> heard = new LinkedBlockingQueue<>();
        registration.onMasterLocation(heard::add);
        registration.start();
        registration.firstRegistration().get(10, TimeUnit.SECONDS);
        assertEquals(new MasterLocation("127.0.0.1:30912", "127.0.0.1:30911"), heard.poll(10, TimeUnit.SECONDS));

        registration.registerNow(); // the same master again: nothing new to hear
        answer.set(moved);
        registration.registerNow();
        assertEquals(new MasterLocation("127.0.0.1:40912", "127.0.0.1:40911"), heard.poll(10, TimeUnit.SECONDS));
        answer.set(Map.of()); // the master expired from the name server: the last location stands
        registration.registerNow();
        assertEquals(List.of(), List.copyOf(heard));
        assertEquals(Optional.of("127.0.0.1:40911"), registration.masterAddress());

        BlockingQueue<MasterLocation> late = new LinkedBlockingQueue<>();
        registration.onMasterLocation(late::add);
        assertEquals(new MasterLocation("127.0.0.1:40912", "127.0.0.1:40911"), late.poll(), "a listener set late hears the known location");
    }

    @Test
    void anAnswerWithoutAMasterLeavesNone() throws Exception {
        int port = freePort();
        startNameServer(port);
        NameServerRegistration registration = registration(port, TopicConfigs.open(new JsonFile(dir.resolve("topics.json")), true, 8));
        registration.start();
        registration.firstRegistration().get(10, TimeUnit.SECONDS);

        assertEquals(Optional.empty(), registration.masterAddress());
    }

    @Test
    void closeUnregisters() throws Exception {
        int port = freePort();
        startNameServer(port);
        NameServerRegistration registration = registration(port, TopicConfigs.open(new JsonFile(dir.resolve("topics.json")), true, 8));
        registration.start();
        registration.firstRegistration().get(10, TimeUnit.SECONDS);
        received.clear();

        registration.close();

        Received r = received.poll(5, TimeUnit.SECONDS);
        assertEquals(RequestCode.UNREGISTER_BROKER, r.code());
        assertEquals(List.of("127.0.0.1:20911", "broker-x", "C1", "0"),
                List.of(r.header().get("brokerAddr"), r.header().get("brokerName"), r.header().get("clusterName"), r.header().get("brokerId")));
    }
}
