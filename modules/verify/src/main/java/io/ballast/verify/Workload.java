package io.ballast.verify;

import io.ballast.verify.History.Receive;
import io.ballast.verify.History.Send;
import io.ballast.verify.History.SendOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;

/**
 * The load one scenario runs under, from the official RocketMQ client: producer threads sending
 * keyed messages, one of them ordered (each of a few order keys always to the same queue, by a
 * MessageQueueSelector, with a per-key sequence number), and a lite pull consumer of its own group
 * recording every delivery in queue order. Every send's outcome and every delivery go to the
 * {@link History}.
 *
 * <p>Keys are {@code SCENARIO-pTHREAD-N}: unique per send, so the checker can tell duplicates
 * (same key twice) from distinct messages.
 */
public final class Workload implements AutoCloseable {
    private static final String ORDER_KEY = "verifyOrderKey";
    private static final String SEQUENCE = "verifySeq";
    private static final int ORDER_KEYS = 4;
    /** A pause between sends per thread, so that 2 cores also have room for three brokers. */
    private static final long SEND_PAUSE_MILLIS = 4;
    /** How many recently acknowledged plain messages are kept for {@link #resendAcknowledged}. */
    private static final int KEPT_FOR_RESEND = 4096;
    /** Each message body: the key, padded. */
    static final int BODY_BYTES = 256;

    private final String topic;
    private final History history;
    private final DefaultMQProducer producer;
    private final DefaultLitePullConsumer consumer;
    private final List<Thread> senders = new ArrayList<>();
    private final Thread poller;
    private final AtomicBoolean sending = new AtomicBoolean(true);
    private final AtomicBoolean polling = new AtomicBoolean(true);
    private final AtomicBoolean consumingHeld = new AtomicBoolean(false);
    private final Set<String> receivedKeys = new HashSet<>();
    private final java.util.ArrayDeque<Acknowledged> recentlyAcked = new java.util.ArrayDeque<>();
    private volatile String lastFailure = "none";

    /** An acknowledged plain send, kept as the client holds it: the Message object carries its UNIQ_KEY. */
    private record Acknowledged(long atMillis, String key, String msgId, Message message) {
    }

    /**
     * What {@link #resendAcknowledged} did: the keys sent a second time, and how many of those
     * resends were not answered SEND_OK with the first send's msgId (the dedup plugin answers a
     * duplicate with the original's).
     */
    public record Resent(Set<String> keys, long otherAnswer) {
    }

    public Workload(String nameServer, String runId, String scenario, int producerThreads, History history) throws Exception {
        this.topic = "verify-" + scenario + "-" + runId;
        this.history = history;
        producer = new DefaultMQProducer("verify-producer-" + scenario + "-" + runId);
        producer.setNamesrvAddr(nameServer);
        producer.setInstanceName("verify-" + scenario + "-" + runId);
        producer.setVipChannelEnabled(false);
        producer.setPollNameServerInterval(1000);
        producer.setSendMsgTimeout(3000);
        producer.start();

        // The first send creates the topic on the master (autoCreateTopicEnable); the consumer subscribes after it.
        createTopic(scenario);

        consumer = new DefaultLitePullConsumer("verify-consumer-" + scenario + "-" + runId);
        consumer.setNamesrvAddr(nameServer);
        consumer.setInstanceName("verify-c-" + scenario + "-" + runId);
        consumer.setVipChannelEnabled(false);
        consumer.setPollNameServerInterval(1000);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setAutoCommit(true);
        // A small read-ahead: what a held consumer has not taken stays on the brokers, not in this client.
        consumer.setPullThresholdForQueue(200);
        consumer.subscribe(topic, "*");
        consumer.start();

        poller = new Thread(this::poll, "verify-poll-" + scenario);
        poller.setDaemon(true);
        poller.start();
        for (int thread = 0; thread < producerThreads; thread++) {
            String prefix = scenario + "-p" + thread + "-";
            Thread sender = new Thread(() -> send(prefix, false), "verify-send-" + thread);
            sender.setDaemon(true);
            senders.add(sender);
        }
        Thread ordered = new Thread(() -> send(scenario + "-o-", true), "verify-send-ordered");
        ordered.setDaemon(true);
        senders.add(ordered);
        senders.forEach(Thread::start);
    }

    private void createTopic(String scenario) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
            String key = scenario + "-probe-" + attempt;
            if (sendOne(new Message(topic, "probe", key, key.getBytes(StandardCharsets.UTF_8)), key, null, -1) == SendOutcome.ACKED) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("topic " + topic + " could not be created in 30 s: no send was acknowledged; the last failure: "
                + lastFailure);
    }

    private void send(String keyPrefix, boolean ordered) {
        long n = 0;
        while (sending.get()) {
            String key = keyPrefix + n;
            Message message = new Message(topic, ordered ? "ordered" : "plain", key, payload(key));
            String orderKey = null;
            if (ordered) {
                orderKey = "ord-" + (n % ORDER_KEYS);
                message.putUserProperty(ORDER_KEY, orderKey);
                message.putUserProperty(SEQUENCE, String.valueOf(n));
            }
            sendOne(message, key, orderKey, n);
            n++;
            try {
                Thread.sleep(SEND_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private SendOutcome sendOne(Message message, String key, String orderKey, long sequence) {
        try {
            SendResult result = orderKey == null
                    ? producer.send(message)
                    : producer.send(message, (queues, msg, arg) -> queues.get(Math.floorMod(arg.hashCode(), queues.size())), orderKey);
            SendOutcome outcome = result.getSendStatus() == SendStatus.SEND_OK ? SendOutcome.ACKED : SendOutcome.NOT_PROMISED;
            MessageQueue queue = result.getMessageQueue();
            long at = history.now();
            history.sent(new Send(at, key, result.getMsgId(), queueName(queue.getBrokerName(), queue.getQueueId()),
                    result.getQueueOffset(), outcome, result.getSendStatus().name(), orderKey, sequence));
            if (outcome == SendOutcome.ACKED && orderKey == null && sequence >= 0) {
                synchronized (recentlyAcked) {
                    recentlyAcked.addLast(new Acknowledged(at, key, result.getMsgId(), message));
                    if (recentlyAcked.size() > KEPT_FOR_RESEND) {
                        recentlyAcked.removeFirst();
                    }
                }
            }
            return outcome;
        } catch (Exception e) {
            lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
            history.sent(new Send(history.now(), key, null, "?", -1, SendOutcome.FAILED, e.getClass().getSimpleName(),
                    orderKey, sequence));
            return SendOutcome.FAILED;
        }
    }

    private static byte[] payload(String key) {
        // ~256 bytes: the key, padded, so that segments fill at a realistic pace.
        StringBuilder body = new StringBuilder(key).append(' ');
        while (body.length() < BODY_BYTES) {
            body.append('x');
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void poll() {
        while (polling.get()) {
            if (consumingHeld.get()) {
                sleepQuietly(100);
                continue;
            }
            try {
                for (MessageExt message : consumer.poll(200)) {
                    String orderKey = message.getUserProperty(ORDER_KEY);
                    String sequence = message.getUserProperty(SEQUENCE);
                    history.received(new Receive(history.now(), message.getKeys(), queueName(message.getBrokerName(), message.getQueueId()),
                            message.getQueueOffset(), orderKey, sequence == null ? -1 : Long.parseLong(sequence)));
                    synchronized (receivedKeys) {
                        receivedKeys.add(message.getKeys());
                    }
                }
            } catch (RuntimeException e) {
                // A broker down mid-poll: the client retries on the next poll.
                sleepQuietly(200);
            }
        }
    }

    private static String queueName(String broker, int queueId) {
        return broker + ":" + queueId;
    }

    /**
     * Sends again, from this thread, up to {@code max} plain messages acknowledged at or after
     * {@code sinceMillis} (history time): the same Message objects, so with the UNIQ_KEY the client
     * set on the first send, as a client retry after a lost answer does. These sends are not new
     * messages and are not added to the history; the keys tell the checker which must not arrive twice.
     */
    public Resent resendAcknowledged(long sinceMillis, int max) {
        List<Acknowledged> chosen = new ArrayList<>();
        synchronized (recentlyAcked) {
            for (Acknowledged acked : recentlyAcked) {
                if (acked.atMillis() >= sinceMillis && chosen.size() < max) {
                    chosen.add(acked);
                }
            }
        }
        Set<String> keys = new HashSet<>();
        long otherAnswer = 0;
        for (Acknowledged acked : chosen) {
            keys.add(acked.key());
            try {
                SendResult again = producer.send(acked.message());
                if (again.getSendStatus() != SendStatus.SEND_OK || !acked.msgId().equals(again.getMsgId())) {
                    otherAnswer++;
                }
            } catch (Exception e) {
                otherAnswer++;
            }
        }
        return new Resent(Set.copyOf(keys), otherAnswer);
    }

    /** Holds (true) or resumes (false) consumption, so that a backlog builds up meanwhile. */
    public void holdConsuming(boolean hold) {
        consumingHeld.set(hold);
    }

    /** Stops the producers (each finishes the send it is in). */
    public void stopSending() throws InterruptedException {
        sending.set(false);
        for (Thread sender : senders) {
            sender.join(15_000);
        }
    }

    /**
     * Keeps consuming until every acknowledged key has been received, or nothing new arrived for
     * {@code quiet}, or {@code limit} passed: whatever is missing then is lost.
     */
    public void drain(Duration quiet, Duration limit) {
        Set<String> acked = new HashSet<>();
        for (Send send : history.sends()) {
            if (send.outcome() == SendOutcome.ACKED) {
                acked.add(send.key());
            }
        }
        long deadline = System.nanoTime() + limit.toNanos();
        long lastCount = -1;
        long lastChange = System.nanoTime();
        while (System.nanoTime() < deadline) {
            synchronized (receivedKeys) {
                if (receivedKeys.containsAll(acked)) {
                    return;
                }
            }
            long count = history.receivedCount();
            if (count != lastCount) {
                lastCount = count;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > quiet.toNanos()) {
                return;
            }
            sleepQuietly(200);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        sending.set(false);
        polling.set(false);
        poller.join(5_000);
        consumer.shutdown();
        producer.shutdown();
    }
}
