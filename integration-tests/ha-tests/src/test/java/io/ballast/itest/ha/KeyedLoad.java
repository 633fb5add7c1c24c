package io.ballast.itest.ha;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;

/**
 * One thread sending keyed messages ({@code prefix-0}, {@code prefix-1}, …) synchronously, one
 * attempt per key, into a {@link SendLedger}, until stopped, a time limit or a count limit.
 */
final class KeyedLoad implements AutoCloseable {
    static final int DEFAULT_BODY_BYTES = 200;

    private final DefaultMQProducer producer;
    private final String topic;
    private final String prefix;
    private final SendLedger ledger;
    private final Duration limit;
    private final int maxMessages;
    private final int bodyBytes;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;
    private volatile int sent;
    private volatile SendTimes times;

    KeyedLoad(DefaultMQProducer producer, String topic, String prefix, SendLedger ledger, Duration limit, int maxMessages) {
        this(producer, topic, prefix, ledger, limit, maxMessages, DEFAULT_BODY_BYTES);
    }

    KeyedLoad(DefaultMQProducer producer, String topic, String prefix, SendLedger ledger, Duration limit, int maxMessages,
              int bodyBytes) {
        this.bodyBytes = bodyBytes;
        this.producer = producer;
        this.topic = topic;
        this.prefix = prefix;
        this.ledger = ledger;
        this.limit = limit;
        this.maxMessages = maxMessages;
        this.thread = new Thread(this::run, "load-" + prefix);
        this.thread.setDaemon(true);
    }

    /** A message {@code key} of about 200 bytes of body, the key repeated (so a byte-compare has content to see). */
    static Message keyed(String topic, String key) {
        return keyed(topic, key, DEFAULT_BODY_BYTES);
    }

    static Message keyed(String topic, String key, int bodyBytes) {
        StringBuilder body = new StringBuilder();
        while (body.length() < bodyBytes) {
            body.append(key).append(' ');
        }
        Message message = new Message(topic, body.toString().getBytes(StandardCharsets.UTF_8));
        message.setKeys(key);
        return message;
    }

    /** Records each send's start and answer into {@code times} too; call before {@link #start()}. */
    KeyedLoad timedBy(SendTimes times) {
        this.times = times;
        return this;
    }

    KeyedLoad start() {
        thread.start();
        return this;
    }

    int sent() {
        return sent;
    }

    private void run() {
        long deadline = System.nanoTime() + limit.toNanos();
        for (int i = 0; i < maxMessages && !stop.get() && System.nanoTime() - deadline < 0; i++) {
            String key = prefix + "-" + i;
            long started = System.nanoTime();
            try {
                ledger.record(key, producer.send(keyed(topic, key, bodyBytes)));
            } catch (Exception e) {
                ledger.failed(key, e);
            }
            if (times != null) {
                times.record(started, System.nanoTime());
            }
            sent = i + 1;
        }
    }

    /** Waits for the thread to end on its own limits. */
    void awaitEnd() throws InterruptedException {
        thread.join(limit.toMillis() + 60_000);
        if (thread.isAlive()) {
            throw new IllegalStateException("load " + prefix + " still running " + (limit.toSeconds() + 60) + " s after start");
        }
    }

    /** Stops after the send in progress and waits for that. */
    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        awaitEnd();
    }
}
