package io.ballast.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void serviceLoaderFindsBench() {
        assertTrue(ServiceLoader.load(ToolCommand.class).stream().anyMatch(p -> p.get().name().equals("bench")));
    }

    @Test
    void dispatchesToTheNamedCommandWithTheRestOfTheArguments() {
        AtomicReference<String[]> seen = new AtomicReference<>();
        int code = dispatch(List.of(command("verify", args -> {
            seen.set(args);
            return 7;
        })), "verify", "--scenario", "kill");
        assertEquals(7, code);
        assertArrayEquals(new String[] {"--scenario", "kill"}, seen.get());
    }

    @Test
    void unknownCommandListsTheInstalledOnesAndExits2() {
        int code = dispatch(List.of(command("bench", args -> 0)), "bnech");
        assertEquals(2, code);
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("unknown tool command 'bnech'"), text);
        assertTrue(text.contains("bench"), text);
    }

    @Test
    void helpListsEveryCommandWithItsSummary() {
        int code = dispatch(List.of(command("bench", args -> 0), command("verify", args -> 0)), "--help");
        assertEquals(0, code);
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("bench     summary of bench") && text.contains("verify    summary of verify"), text);
    }

    @Test
    void noCommandIsAUsageError() {
        assertEquals(2, dispatch(List.of(command("bench", args -> 0))));
    }

    private int dispatch(List<ToolCommand> commands, String... args) {
        return Main.dispatch(args, commands, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static ToolCommand command(String name, java.util.function.ToIntFunction<String[]> body) {
        return new ToolCommand() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String summary() {
                return "summary of " + name;
            }

            @Override
            public int run(String[] args) {
                return body.applyAsInt(args);
            }
        };
    }
}
