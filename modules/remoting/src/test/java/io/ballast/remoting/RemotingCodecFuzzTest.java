package io.ballast.remoting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Feeds the decoding pipeline random bytes, valid frames, and valid frames with mutations, and
 * checks: no exception ever leaves the pipeline, a valid frame always decodes to the command it was
 * made from (whatever the read boundaries), an input that is certainly bad closes the connection,
 * and every input buffer ends released.
 *
 * <p>Seeded and bounded: {@code -Dremoting.fuzz.seed=N}, {@code -Dremoting.fuzz.inputs=N},
 * {@code -Dremoting.fuzz.seconds=N}. A failure names the seed and the input number to replay.
 * A plain seeded generator rather than a coverage-guided fuzzer: it runs as an ordinary unit test,
 * needs no agent or native library, and the codec's input space is shallow (one length check per
 * field), so mutations of valid frames reach every branch.
 */
@ExtendWith(NoByteBufLeaks.class)
class RemotingCodecFuzzTest {

    private static final long SEED = Long.getLong("remoting.fuzz.seed", 0x5EED_BA11A57L);
    private static final int INPUTS = Integer.getInteger("remoting.fuzz.inputs", 20_000);
    private static final long SECONDS = Long.getLong("remoting.fuzz.seconds", 60);

    private static final String[] ALPHABET = {"a", "Z", "0", "9", " ", "_", "\"", "\\", "/", "\n", "\t", "\u0001",
            "\u0002", "\u0000", "\u007f", "é", "中", "\uD83D\uDE00", "{", "}", ":", ","};

    private enum Outcome { DECODES_AS_MADE, CLOSES, ANY }

    @Test
    void theDecoderSurvivesRandomAndMutatedInput() {
        SplittableRandom random = new SplittableRandom(SEED);
        long deadline = System.nanoTime() + SECONDS * 1_000_000_000L;
        long start = System.nanoTime();
        int[] byOutcome = new int[Outcome.values().length];
        int input = 0;
        for (; input < INPUTS && System.nanoTime() < deadline; input++) {
            try {
                byOutcome[feedOne(random)]++;
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("fuzz input " + input + " failed; replay with -Dremoting.fuzz.seed=" + SEED
                        + ": " + e.getMessage(), e);
            }
        }
        System.out.printf("remoting fuzz: %d inputs (%d valid, %d certainly bad, %d random or mutated with any outcome) in %d ms, seed %d%n",
                input, byOutcome[0], byOutcome[1], byOutcome[2], (System.nanoTime() - start) / 1_000_000, SEED);
        assertTrue(input >= Math.min(INPUTS, 1_000), "too few inputs within the time bound: " + input);
    }

    /** @return the ordinal of the outcome that was checked */
    private static int feedOne(SplittableRandom random) {
        int kind = random.nextInt(10);
        if (kind == 0) {
            byte[] bytes = randomBytes(random, random.nextInt(64));
            if (random.nextBoolean() && bytes.length >= 4) { // a plausible length, so the header code runs
                Unpooled.wrappedBuffer(bytes).setInt(0, bytes.length - 4);
            }
            check(Outcome.ANY, bytes, null, random);
            return Outcome.ANY.ordinal();
        }
        RemotingCommand made = randomCommand(random);
        byte[] frame = Wire.encode(made.retain());
        if (kind <= 3) {
            check(Outcome.DECODES_AS_MADE, frame, made, random);
            return Outcome.DECODES_AS_MADE.ordinal();
        }
        made.release();
        Outcome outcome = mutate(random, frame);
        check(outcome, mutated, null, random);
        return outcome.ordinal();
    }

    private static byte[] mutated;

    /** Mutates {@code frame} into {@link #mutated}; returns what the pipeline must do with it. */
    private static Outcome mutate(SplittableRandom random, byte[] frame) {
        ByteBuf buf = Unpooled.wrappedBuffer(frame.clone());
        int headerLength = buf.getInt(4) & 0xFF_FFFF;
        Outcome outcome = Outcome.ANY;
        switch (random.nextInt(9)) {
            case 0 -> { // bit flips anywhere
                for (int i = 1 + random.nextInt(8); i > 0; i--) {
                    int at = random.nextInt(frame.length);
                    buf.setByte(at, buf.getByte(at) ^ 1 << random.nextInt(8));
                }
            }
            case 1 -> buf.writerIndex(random.nextInt(frame.length)); // truncated: waits, never decodes
            case 2 -> buf.setInt(0, random.nextInt()); // any frame length
            case 3 -> { buf.setInt(0, -1 - random.nextInt(Integer.MAX_VALUE)); outcome = Outcome.CLOSES; }
            case 4 -> { buf.setInt(0, RemotingFrame.MAX_FRAME_LENGTH - 3 + random.nextInt(1 << 20)); outcome = Outcome.CLOSES; }
            case 5 -> { // header length beyond the frame
                buf.setInt(4, (buf.getByte(4) << 24) | (frame.length - 8 + 1 + random.nextInt(0xFF_FFFF - frame.length + 8)));
                outcome = Outcome.CLOSES;
            }
            case 6 -> { buf.setByte(4, 2 + random.nextInt(254)); outcome = Outcome.CLOSES; } // unknown encoding
            case 7 -> { // invalid UTF-8 in a JSON header
                if (buf.getByte(4) == 0 && headerLength > 2) {
                    buf.setByte(8 + 1 + random.nextInt(headerLength - 2), 0x80 | random.nextInt(0x40) | 0xC0 * random.nextInt(2));
                }
            }
            default -> { // a hostile JSON header: deeply nested, or huge and unterminated
                byte[] header = random.nextBoolean()
                        ? ("{\"code\":1,\"x\":" + "[".repeat(1 + random.nextInt(100_000))).getBytes(StandardCharsets.UTF_8)
                        : ("{\"remark\":\"" + "x".repeat(random.nextInt(1 << 20))).getBytes(StandardCharsets.UTF_8);
                buf.release();
                buf = Unpooled.wrappedBuffer(Wire.frame(0, header, new byte[0]));
                outcome = Outcome.CLOSES;
            }
        }
        mutated = new byte[buf.readableBytes()];
        buf.readBytes(mutated).release();
        return outcome;
    }

    /** Feeds {@code bytes} in random pieces and checks the outcome; releases everything. */
    private static void check(Outcome outcome, byte[] bytes, RemotingCommand made, SplittableRandom random) {
        EmbeddedChannel channel = Wire.pipeline();
        List<ByteBuf> reads = new ArrayList<>();
        List<RemotingCommand> decoded = new ArrayList<>();
        try {
            int at = 0;
            while (at < bytes.length && channel.isActive()) {
                int piece = random.nextInt(4) == 0 ? bytes.length - at : 1 + random.nextInt(bytes.length - at);
                ByteBuf read = Unpooled.wrappedBuffer(bytes, at, piece);
                reads.add(read);
                channel.writeInbound(read); // rethrows whatever reached the tail of the pipeline
                at += piece;
                for (Object message; (message = channel.readInbound()) != null; ) {
                    decoded.add((RemotingCommand) message);
                }
            }
            channel.checkException();
            switch (outcome) {
                case DECODES_AS_MADE -> {
                    assertTrue(channel.isActive(), "a valid frame keeps the connection");
                    assertEquals(List.of(made), decoded, () -> "a valid frame decodes as made: " + hex(bytes));
                }
                case CLOSES -> assertFalse(channel.isActive(), () -> "a bad frame closes the connection: " + hex(bytes));
                case ANY -> { }
            }
        } finally {
            decoded.forEach(RemotingCommand::release);
            if (made != null) {
                made.release();
            }
            channel.finishAndReleaseAll();
        }
        for (ByteBuf read : reads) {
            assertEquals(0, read.refCnt(), "every read is released");
        }
    }

    private static RemotingCommand randomCommand(SplittableRandom random) {
        boolean binary = random.nextBoolean();
        RemotingCommand.Builder command = RemotingCommand.builder()
                .headerEncoding(binary ? HeaderEncoding.ROCKETMQ : HeaderEncoding.JSON)
                .code(binary ? (short) random.nextInt() : random.nextInt())
                .version(binary ? (short) random.nextInt() : random.nextInt())
                .language(LanguageCode.values()[random.nextInt(LanguageCode.values().length)])
                .opaque(random.nextInt())
                .flag(random.nextInt(4));
        if (random.nextBoolean()) {
            command.remark(randomText(random, 1 + random.nextInt(random.nextInt(50) == 0 ? 100_000 : 40)));
        }
        for (int i = random.nextInt(6); i > 0; i--) {
            command.extField(randomText(random, 1 + random.nextInt(12)), randomText(random, 1 + random.nextInt(60)));
        }
        if (random.nextBoolean()) {
            command.body(Unpooled.wrappedBuffer(randomBytes(random, random.nextInt(random.nextInt(20) == 0 ? 65_536 : 256))));
        }
        return command.build();
    }

    private static String randomText(SplittableRandom random, int pieces) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            text.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return text.toString();
    }

    private static byte[] randomBytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 64)) + (bytes.length > 64 ? "…" : "");
    }
}
