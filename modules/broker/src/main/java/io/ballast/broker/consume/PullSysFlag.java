package io.ballast.broker.consume;

/**
 * The bits of a pull request's {@code sysFlag} (wire format §2.4). The push consumer sends
 * SUSPEND (+ COMMIT_OFFSET once it has consumed something), the lite consumer 0x16.
 */
record PullSysFlag(int bits) {
    static final int COMMIT_OFFSET = 0x1;
    static final int SUSPEND = 0x2;
    static final int SUBSCRIPTION = 0x4;
    static final int CLASS_FILTER = 0x8;
    static final int LITE_PULL = 0x10;

    boolean commitOffset() {
        return (bits & COMMIT_OFFSET) != 0;
    }

    boolean suspend() {
        return (bits & SUSPEND) != 0;
    }

    boolean subscription() {
        return (bits & SUBSCRIPTION) != 0;
    }
}
