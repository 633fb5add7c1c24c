package io.ballast.launcher;

/**
 * Which start level a bundle from {@code system/} gets. Order matters for logging: slf4j 2 binds
 * its provider once, through SPI Fly, and falls back to a silent no-op for good if anything logs
 * before the provider is up. So SPI Fly and ASM start first, the logging bundles next, and the
 * platform after both; bundles an operator drops into {@code deploy/} come last.
 *
 * <p>Public for the in-framework tests, which place the product's bundles by this same rule.
 */
public final class StartLevels {
    public static final int WEAVING = 1;
    public static final int LOGGING = 2;
    public static final int PLATFORM = 3;
    public static final int DEPLOY = 4;

    private StartLevels() {
    }

    public static int of(String symbolicName) {
        if (symbolicName.startsWith("org.apache.aries.spifly") || symbolicName.startsWith("org.objectweb.asm")) {
            return WEAVING;
        }
        if (symbolicName.equals("slf4j.api") || symbolicName.startsWith("ch.qos.logback.")) {
            return LOGGING;
        }
        return PLATFORM;
    }
}
