package io.ballast.broker.server;

/**
 * The executor a request code is served on. Each lane has its own bounded pool, so a flood of one
 * kind (pulls) cannot starve another (heartbeats, offset commits), and a full lane answers
 * SYSTEM_BUSY at once instead of queueing without bound.
 */
public enum Lane {
    /** Sends, batch sends, send-backs: store appends. */
    SEND,
    /** Pulls; long polls wait without holding a thread. */
    PULL,
    /** Offsets, queries by key or id. */
    QUERY,
    /** Heartbeats, unregistration, consumer lists, locks: small and latency-sensitive. */
    CLIENT,
    /** mqadmin: topics, groups, stats, configuration. */
    ADMIN
}
