package io.ballast.itest.osgi;

import org.slf4j.LoggerFactory;

/**
 * The slf4j provider the framework's bundles log through. Only loaded inside the framework: the
 * probe imports org.slf4j from the slf4j-api bundle, the one every Ballast bundle is wired to.
 */
final class LoggingBinding {

    private LoggingBinding() {
    }

    static String loggerFactoryClass() {
        return LoggerFactory.getILoggerFactory().getClass().getName();
    }
}
