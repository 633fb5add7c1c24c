package io.ballast.itest.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.itest.fixture.BrokerUnderTest;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Codec fuzzing against the started distribution: random, truncated, oversized and bit-flipped
 * frames, and unknown codes, several thousand per run on many connections. The broker must stay
 * up, answer or close each connection, keep answering well-formed requests between the bursts,
 * and leave the messages it stored before untouched.
 */
class ProtocolFuzzIT {
    private static final String GUARD = "FuzzGuard";
    private static final int GUARDS = 20;
    private static final int FRAMES = 6_000;
    private static final long MAX_MILLIS = TimeUnit.SECONDS.toMillis(90);
    /**
     * Codes a mutated frame may not carry: a bit flip that turns a request into a configuration
     * change or a deletion would be the fuzzer administering the broker, not attacking the codec.
     */
    private static final Set<Integer> ADMINISTRATIVE = Set.of(17, 25, 200, 207, 215, 216, 318, 100, 102);

    @RegisterExtension
    static final BrokerUnderTest broker = BrokerUnderTest.isolated(Map.of("autoCreateTopicEnable", "true"));

    private int opaque = 1;

    @Test
    void malformedFramesNeverBringTheBrokerDownOrTouchWhatItStored() throws Exception {
        InetSocketAddress address = RawFrames.address(broker.brokerAddress());
        storeGuards(address);

        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        List<Spec> valid = validRequests();
        int sent = 0;
        int answered = 0;
        int closedByBroker = 0;
        long deadline = System.currentTimeMillis() + MAX_MILLIS;
        int round = 0;
        while (sent < FRAMES && System.currentTimeMillis() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(address, 3000);
                socket.setSoTimeout(150);
                OutputStream out = socket.getOutputStream();
                int burst = 1 + random.nextInt(20);
                // Half the connections carry only well-formed frames, so their requests reach the
                // processors instead of dying with the connection at the first broken frame.
                boolean wellFormed = random.nextBoolean();
                try {
                    for (int i = 0; i < burst; i++) {
                        byte[] frame = mutate(random, valid.get(random.nextInt(valid.size())), opaque++, wellFormed);
                        if (ADMINISTRATIVE.contains(RawFrames.codeOf(frame))) {
                            continue;
                        }
                        out.write(frame);
                        sent++;
                    }
                    out.flush();
                    answered += drain(new DataInputStream(socket.getInputStream()));
                } catch (EOFException | java.net.SocketException e) {
                    closedByBroker++;
                }
            }
            if (++round % 100 == 0) {
                assertHealthy(address, "after " + sent + " frames (seed " + seed + ")");
            }
        }
        assertTrue(sent >= 1000, "only " + sent + " frames sent in time");
        assertHealthy(address, "after the whole run (seed " + seed + ")");
        assertGuardsIntact(address, seed);
        System.out.printf("fuzz: %d frames on %d connections, %d answers read, %d connections closed by the broker (seed %d)%n",
                sent, round, answered, closedByBroker, seed);
    }

    private void storeGuards(InetSocketAddress address) throws IOException {
        for (int i = 0; i < GUARDS; i++) {
            RawFrames.Answer a = RawFrames.call(address, RawFrames.request(10, opaque++, Map.of(
                    "producerGroup", "fuzz", "topic", GUARD, "defaultTopic", "TBW102", "defaultTopicQueueNums", "1",
                    "queueId", "0", "sysFlag", "0", "bornTimestamp", Long.toString(System.currentTimeMillis()), "flag", "0"),
                    ("guard-" + i).getBytes(StandardCharsets.UTF_8)));
            assertEquals(0, a.code(), "guard send " + i + ": " + a.header());
        }
        awaitMaxOffset(address, GUARDS);
    }

    private void awaitMaxOffset(InetSocketAddress address, long expected) throws IOException {
        long deadline = System.currentTimeMillis() + 10_000;
        String last = null;
        while (System.currentTimeMillis() < deadline) {
            RawFrames.Answer a = RawFrames.call(address, maxOffset());
            last = a.extField("offset");
            if (a.code() == 0 && Long.toString(expected).equals(last)) {
                return;
            }
            sleep(50);
        }
        throw new AssertionError("max offset of " + GUARD + " is " + last + ", not " + expected);
    }

    private byte[] maxOffset() {
        return RawFrames.request(30, opaque++, Map.of("topic", GUARD, "queueId", "0"), new byte[0]);
    }

    private void assertHealthy(InetSocketAddress address, String when) throws IOException {
        RawFrames.Answer a = RawFrames.call(address, maxOffset());
        assertEquals(0, a.code(), "GET_MAX_OFFSET " + when + ": " + a.header());
        assertEquals(Integer.toString(GUARDS), a.extField("offset"), "guard queue grew or shrank " + when);
    }

    private void assertGuardsIntact(InetSocketAddress address, long seed) throws IOException {
        RawFrames.Answer a = RawFrames.call(address, RawFrames.request(11, opaque++, Map.ofEntries(
                Map.entry("consumerGroup", "fuzz-check"), Map.entry("topic", GUARD), Map.entry("queueId", "0"),
                Map.entry("queueOffset", "0"), Map.entry("maxMsgNums", "32"), Map.entry("sysFlag", "4"),
                Map.entry("commitOffset", "0"), Map.entry("suspendTimeoutMillis", "0"), Map.entry("subscription", "*"),
                Map.entry("subVersion", "0"), Map.entry("expressionType", "TAG")), new byte[0]));
        assertEquals(0, a.code(), "pull of the guard messages (seed " + seed + "): " + a.header());
        List<String> bodies = bodies(a.body());
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < GUARDS; i++) {
            expected.add("guard-" + i);
        }
        assertEquals(expected, bodies, "the guard messages changed (seed " + seed + ")");
    }

    /** The bodies of the stored records in a pull body (layout: wire format §3.1). */
    private static List<String> bodies(byte[] pullBody) {
        ByteBuffer b = ByteBuffer.wrap(pullBody);
        List<String> bodies = new ArrayList<>();
        while (b.remaining() >= 4) {
            int start = b.position();
            int total = b.getInt(start);
            int sysFlag = b.getInt(start + 36);
            int bornHost = (sysFlag & 0x10) != 0 ? 20 : 8;
            int storeHost = (sysFlag & 0x20) != 0 ? 20 : 8;
            int bodyAt = start + 48 + bornHost + 8 + storeHost + 4 + 8;
            int length = b.getInt(bodyAt);
            bodies.add(new String(pullBody, bodyAt + 4, length, StandardCharsets.UTF_8));
            b.position(start + total);
        }
        return bodies;
    }

    /** Reads answers until the broker goes quiet or closes; @return how many were read. */
    private static int drain(DataInputStream in) throws IOException {
        int answers = 0;
        try {
            while (answers < 1000) {
                RawFrames.read(in);
                answers++;
            }
        } catch (SocketTimeoutException quiet) {
            // nothing more to read within the short timeout: the broker answered what it would
        }
        return answers;
    }

    /** A well-formed request: code, header fields, body. */
    private record Spec(int code, Map<String, String> ext, byte[] body) {
        byte[] frame(int opaque) {
            return RawFrames.request(code, opaque, ext, body);
        }
    }

    /** Well-formed requests of many kinds, the raw material of the mutations. */
    private List<Spec> validRequests() {
        byte[] none = new byte[0];
        String now = Long.toString(System.currentTimeMillis());
        return List.of(
                new Spec(310, Map.of("a", "fuzz", "b", "FuzzTarget", "c", "TBW102", "d", "4", "e", "-1",
                        "f", "0", "g", now, "h", "0", "i", "KEYS\u0001k1\u0002"), "payload".getBytes(StandardCharsets.UTF_8)),
                new Spec(320, Map.of("a", "fuzz", "b", "FuzzTarget", "c", "TBW102", "d", "4", "e", "0",
                        "f", "0", "g", now, "h", "0", "m", "true"), batchBody()),
                new Spec(11, Map.of("consumerGroup", "fuzz", "topic", "FuzzTarget", "queueId", "0",
                        "queueOffset", "0", "maxMsgNums", "32", "sysFlag", "4", "commitOffset", "0",
                        "suspendTimeoutMillis", "0", "subscription", "*", "subVersion", "0"), none),
                new Spec(34, Map.of(), ("{\"clientID\":\"fuzz@1\",\"consumerDataSet\":[{\"groupName\":\"fuzz\","
                        + "\"consumeType\":\"CONSUME_ACTIVELY\",\"messageModel\":\"CLUSTERING\",\"subscriptionDataSet\":"
                        + "[{\"topic\":\"FuzzTarget\",\"subString\":\"*\"}]}],\"producerDataSet\":[]}").getBytes(StandardCharsets.UTF_8)),
                new Spec(14, Map.of("consumerGroup", "fuzz", "topic", "FuzzTarget", "queueId", "0"), none),
                new Spec(15, Map.of("consumerGroup", "fuzz", "topic", "FuzzTarget", "queueId", "0",
                        "commitOffset", "1"), none),
                new Spec(33, Map.of("offset", "12345"), none),
                new Spec(36, Map.of("offset", "0", "group", "fuzz", "delayLevel", "0"), none),
                new Spec(41, Map.of(), "{\"consumerGroup\":\"fuzz\",\"clientId\":\"fuzz@1\",\"mqSet\":[]}"
                        .getBytes(StandardCharsets.UTF_8)),
                new Spec(29, Map.of("topic", "FuzzTarget", "queueId", "0", "timestamp", now), none),
                new Spec(28, Map.of(), none),
                new Spec(31337, Map.of("x", "y"), none));
    }

    private static byte[] batchBody() {
        byte[] body = "b".getBytes(StandardCharsets.UTF_8);
        byte[] props = "UNIQ_KEY\u0001ABC\u0002".getBytes(StandardCharsets.UTF_8);
        int size = 4 + 4 + 4 + 4 + 4 + body.length + 2 + props.length;
        return ByteBuffer.allocate(size).putInt(size).putInt(0).putInt(0).putInt(0).putInt(body.length).put(body)
                .putShort((short) props.length).put(props).array();
    }

    private static final String[] ODD_VALUES = {"", "-1", "0", "-2147483648", "2147483647", "9223372036854775807",
        "-9223372036854775808", "99999999999999999999", "abc", "1.5", "true", "%RETRY%", "%DLQ%x", "TBW102",
        "SCHEDULE_TOPIC_XXXX", "x".repeat(300), "\u0001\u0002", "*", "a || b", "SQL92", "null"};

    /**
     * One of the mutations. Half keep the frame well formed, so the request reaches its processor
     * with odd header values, an odd code or an odd body; the rest break the framing or the header,
     * which ends the connection. A few frames go through unchanged so valid traffic is mixed in.
     */
    private static byte[] mutate(Random random, Spec spec, int opaque, boolean wellFormed) {
        byte[] f = spec.frame(opaque);
        switch (wellFormed ? 8 + random.nextInt(4) : random.nextInt(12)) {
            case 9 -> { // well formed, odd header values (each field kept, dropped or replaced)
                Map<String, String> ext = new java.util.HashMap<>();
                spec.ext().forEach((k, v) -> {
                    int pick = random.nextInt(3);
                    if (pick == 1) {
                        ext.put(k, ODD_VALUES[random.nextInt(ODD_VALUES.length)]);
                    } else if (pick == 2) {
                        ext.put(k, v);
                    }
                });
                return RawFrames.request(spec.code(), opaque, ext, spec.body());
            }
            case 10 -> { // well formed, random body
                byte[] body = new byte[random.nextInt(2048)];
                random.nextBytes(body);
                return RawFrames.request(spec.code(), opaque, spec.ext(), body);
            }
            case 11 -> { // well formed, another code (a broker or name-server one, or none at all)
                int[] codes = {10, 11, 12, 14, 15, 29, 30, 31, 32, 33, 34, 35, 36, 38, 41, 42, 43, 45, 46, 105, 106, 202,
                    203, 208, 300, 310, 320, 351, 361, -1, 0, 65535, 70000};
                return RawFrames.request(codes[random.nextInt(codes.length)], opaque, spec.ext(), spec.body());
            }
            case 0 -> { // bit flips anywhere
                for (int i = 1 + random.nextInt(8); i > 0; i--) {
                    int at = random.nextInt(f.length);
                    f[at] ^= (byte) (1 << random.nextInt(8));
                }
                return f;
            }
            case 1 -> { // truncated: the broker waits for the rest, then the connection ends
                return java.util.Arrays.copyOf(f, random.nextInt(f.length));
            }
            case 2 -> { // oversized length prefix
                ByteBuffer.wrap(f).putInt(16 * 1024 * 1024 + 1 + random.nextInt(1 << 20));
                return f;
            }
            case 3 -> { // negative or tiny length
                ByteBuffer.wrap(f).putInt(random.nextBoolean() ? -1 - random.nextInt(1000) : random.nextInt(4));
                return f;
            }
            case 4 -> { // header length beyond the frame
                ByteBuffer.wrap(f).putInt(4, (f[4] & 0xFF) << 24 | (0xFFFFFF & (f.length + random.nextInt(1000))));
                return f;
            }
            case 5 -> { // unknown header type
                f[4] = (byte) (2 + random.nextInt(250));
                return f;
            }
            case 6 -> { // random bytes behind a plausible length
                byte[] r = new byte[8 + random.nextInt(512)];
                random.nextBytes(r);
                ByteBuffer.wrap(r).putInt(r.length - 4);
                return r;
            }
            case 7 -> { // the header's bytes shuffled: JSON that is not JSON
                for (int i = 0; i < 8; i++) {
                    int a = 8 + random.nextInt(f.length - 8);
                    int b = 8 + random.nextInt(f.length - 8);
                    byte t = f[a];
                    f[a] = f[b];
                    f[b] = t;
                }
                return f;
            }
            default -> { // 8: unchanged
                return f;
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
