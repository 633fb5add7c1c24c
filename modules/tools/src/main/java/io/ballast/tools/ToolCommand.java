package io.ballast.tools;

/**
 * One subcommand of {@code bin/ballast} that runs outside the broker, in its own JVM with the
 * distribution's {@code tools/} folder as class path ({@code bench}, {@code verify}, ...).
 *
 * <p>{@link Main} finds implementations with {@link java.util.ServiceLoader}: a tool module lists
 * its class in {@code META-INF/services/io.ballast.tools.ToolCommand} and ships its jar in
 * {@code tools/}; nothing here names it.
 */
public interface ToolCommand {

    /** The word after {@code bin/ballast}, e.g. {@code bench}. */
    String name();

    /** One line for {@code bin/ballast --help}. */
    String summary();

    /**
     * Runs the command to completion. Returns the process exit code: 0 success, 1 the run failed,
     * 2 bad usage (one line on stderr saying what is wrong).
     */
    int run(String[] args);
}
