package io.ballast.itest.osgi;

/**
 * The launcher's start-level rule ({@code io.ballast.launcher.StartLevels}), repeated here because
 * the launcher is host-side code this module does not depend on. Keep the two in step: the order
 * is what makes slf4j bind logback instead of falling back to no-op for good.
 */
final class StartLevels {
    static final int WEAVING = 1;
    static final int LOGGING = 2;
    static final int PLATFORM = 3;

    private StartLevels() {
    }

    static int of(String symbolicName) {
        if (symbolicName.startsWith("org.apache.aries.spifly") || symbolicName.startsWith("org.objectweb.asm")) {
            return WEAVING;
        }
        if (symbolicName.equals("slf4j.api") || symbolicName.startsWith("ch.qos.logback.")) {
            return LOGGING;
        }
        return PLATFORM;
    }
}
