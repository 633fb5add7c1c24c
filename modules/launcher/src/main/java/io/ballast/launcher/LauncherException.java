package io.ballast.launcher;

/** A reason not to start that an operator can act on; its message is printed as one line. */
final class LauncherException extends Exception {
    private static final long serialVersionUID = 1L;

    LauncherException(String message) {
        super(message);
    }

    LauncherException(String message, Throwable cause) {
        super(message, cause);
    }
}
