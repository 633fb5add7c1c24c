package io.ballast.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything one scenario's clients saw, in the order they saw it: each send with its outcome and
 * each delivery. The checker works from this alone, so what it judges is what a client observed.
 * Times are milliseconds since the scenario began.
 */
public final class History {
    /** How a send ended, from the producer's side. */
    public enum SendOutcome {
        /** SEND_OK: the broker promised the message. */
        ACKED,
        /** Answered, but with another status (FLUSH_DISK_TIMEOUT, FLUSH_SLAVE_TIMEOUT, SLAVE_NOT_AVAILABLE): stored, not promised. */
        NOT_PROMISED,
        /** An exception (timeout, connection lost, refused): it may or may not have been stored. */
        FAILED
    }

    /**
     * One send. {@code orderKey} is null for unordered sends; ordered ones carry their producer's
     * sequence number. {@code queue} is "broker:queueId" and {@code queueOffset} -1 when unknown.
     */
    public record Send(long atMillis, String key, String msgId, String queue, long queueOffset, SendOutcome outcome,
                       String status, String orderKey, long sequence) {
    }

    /** One delivery to the consumer. */
    public record Receive(long atMillis, String key, String queue, long queueOffset, String orderKey, long sequence) {
    }

    private final long startNanos = System.nanoTime();
    private final List<Send> sends = new ArrayList<>();
    private final List<Receive> receives = new ArrayList<>();

    public long now() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    public synchronized void sent(Send send) {
        sends.add(send);
    }

    public synchronized void received(Receive receive) {
        receives.add(receive);
    }

    public synchronized List<Send> sends() {
        return List.copyOf(sends);
    }

    public synchronized List<Receive> receives() {
        return List.copyOf(receives);
    }

    public synchronized long ackedCount() {
        return sends.stream().filter(s -> s.outcome() == SendOutcome.ACKED).count();
    }

    public synchronized long receivedCount() {
        return receives.size();
    }
}
