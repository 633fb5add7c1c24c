package io.ballast.tools;

/**
 * TEMPORARY copy of modules/tools' interface, so that verify builds before modules/tools lands
 * on main. Delete this file and depend on io.ballast:tools once it does; both declare the same
 * three methods (run without checked exceptions: it returns the exit code).
 */
public interface ToolCommand {
    String name();

    String summary();

    int run(String[] args);
}
