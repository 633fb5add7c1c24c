package io.ballast.tools;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.StreamSupport;

/**
 * {@code java -cp "tools/*" io.ballast.tools.Main COMMAND ARGS}: runs the {@link ToolCommand}
 * named COMMAND, whichever tool jar on the class path provides it.
 */
public final class Main {
    static final int USAGE = 2;

    public static void main(String[] args) {
        List<ToolCommand> commands = StreamSupport.stream(ServiceLoader.load(ToolCommand.class).spliterator(), false).toList();
        System.exit(dispatch(args, commands, System.out, System.err));
    }

    static int dispatch(String[] args, List<ToolCommand> commands, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println("ballast: which tool? one of:");
            list(commands, err);
            return USAGE;
        }
        String name = args[0];
        if (name.equals("-h") || name.equals("--help") || name.equals("help")) {
            list(commands, out);
            return 0;
        }
        for (ToolCommand command : commands) {
            if (command.name().equals(name)) {
                return command.run(Arrays.copyOfRange(args, 1, args.length));
            }
        }
        err.println("ballast: unknown tool command '" + name + "'; these are installed:");
        list(commands, err);
        return USAGE;
    }

    private static void list(List<ToolCommand> commands, PrintStream to) {
        commands.stream().sorted(Comparator.comparing(ToolCommand::name))
                .forEach(c -> to.printf("  %-9s %s%n", c.name(), c.summary()));
    }

    private Main() {
    }
}
