package io.ballast.remoting.protocol;

/** The {@code version} ordinals of upstream's release enum that matter on the wire (§1.7). */
public final class Versions {
    /** What Ballast puts in every response: 4.9.8, so clients enable every feature we serve. */
    public static final int BALLAST_AS_ROCKETMQ = 409;
    /** Send and send-back headers carry maxReconsumeTimes from this client version on. */
    public static final int V3_4_9 = 121;

    private Versions() {
    }
}
