package io.ballast.remoting.protocol;

/** The permission bits of a topic or broker in routes and topic configs (wire format §2.2). */
public final class Perm {
    public static final int INHERIT = 1;
    public static final int WRITE = 2;
    public static final int READ = 4;
    public static final int PRIORITY = 8;

    public static boolean readable(int perm) {
        return (perm & READ) != 0;
    }

    public static boolean writable(int perm) {
        return (perm & WRITE) != 0;
    }

    public static boolean inherits(int perm) {
        return (perm & INHERIT) != 0;
    }

    private Perm() {
    }
}
