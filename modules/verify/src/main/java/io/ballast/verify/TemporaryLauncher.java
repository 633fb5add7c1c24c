package io.ballast.verify;

/**
 * TEMPORARY entry point used by bin/ballast until modules/tools (io.ballast.tools.Main, which
 * finds VerifyCommand through ServiceLoader) lands on main; delete it then and route through Main.
 */
public final class TemporaryLauncher {
    private TemporaryLauncher() {
    }

    public static void main(String[] args) {
        int code = new VerifyCommand().run(args);
        System.exit(code);
    }
}
