package io.ballast.itest.swap;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.exception.RemotingException;

/**
 * The load every swap test runs: several threads sending with the official client and one push
 * consumer receiving, from before the first swap until after the last, then a drain and the
 * count. Bounded: each thread stops after {@code perThread} messages or when stopped, and every
 * send makes at most {@link #ATTEMPTS} attempts.
 *
 * <p>A send is <em>acknowledged</em> when the broker answered SEND_OK. An answer a client would
 * retry (SYSTEM_BUSY, SERVICE_NOT_AVAILABLE, a timeout or a dropped connection) is retried here
 * with the same {@link Message} object, as the client itself does after a timeout, so it keeps
 * its UNIQ_KEY; anything else (another status, another response code) is a non-retriable error.
 * With {@code forcedRetries} on, every acknowledged message is sent a second time, the same
 * object again, to make the retry the dedup plugin must absorb.
 */
final class SwapLoad implements AutoCloseable {
    static final int ATTEMPTS = 20;
    private static final Set<Integer> RETRIABLE_CODES = Set.of(1, 2, 14); // SYSTEM_ERROR, SYSTEM_BUSY, SERVICE_NOT_AVAILABLE

    private final String topic;
    private final AtomicBoolean forcedRetries = new AtomicBoolean();
    private final DefaultMQProducer producer;
    private final DefaultMQPushConsumer consumer;
    private final List<Thread> senders = new ArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
    private final List<String> nonRetriable = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong forcedRetryMismatch = new AtomicLong();

    private SwapLoad(String nameServer, String topic, boolean forcedRetries) throws MQClientException {
        this.topic = topic;
        this.forcedRetries.set(forcedRetries);
        String group = topic.replace('%', '_');
        producer = new DefaultMQProducer("p-" + group);
        producer.setNamesrvAddr(nameServer);
        producer.setInstanceName("swap-p-" + System.nanoTime());
        producer.setSendMsgTimeout(5_000);
        producer.setRetryTimesWhenSendFailed(0); // retries are counted here, not hidden in the client
        producer.start();
        consumer = new DefaultMQPushConsumer("c-" + group);
        consumer.setNamesrvAddr(nameServer);
        consumer.setInstanceName("swap-c-" + System.nanoTime());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            for (MessageExt m : messages) {
                received.computeIfAbsent(new String(m.getBody(), StandardCharsets.UTF_8), k -> new AtomicInteger()).incrementAndGet();
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
    }

    /** Creates the topic with a first send, starts the consumer, then {@code threads} senders. */
    static SwapLoad start(String nameServer, String topic, int threads, int perThread, boolean forcedRetries) throws Exception {
        SwapLoad load = new SwapLoad(nameServer, topic, forcedRetries);
        load.send("warm-up");
        load.consumer.start();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread sender = new Thread(() -> {
                for (int i = 0; i < perThread && !load.stopping.get(); i++) {
                    load.send("m-" + thread + "-" + i);
                }
            }, "swap-sender-" + t);
            sender.start();
            load.senders.add(sender);
        }
        return load;
    }

    private void send(String key) {
        Message message = new Message(topic, "swap", key, key.getBytes(StandardCharsets.UTF_8));
        SendResult first = sendUntilAnswered(message);
        if (first == null) {
            return;
        }
        acknowledged.add(key);
        if (forcedRetries.get()) {
            SendResult again = sendUntilAnswered(message);
            if (again != null && !again.getMsgId().equals(first.getMsgId())) {
                forcedRetryMismatch.incrementAndGet();
            }
        }
    }

    /** The SEND_OK result, or null when the attempts ran out or the answer was non-retriable. */
    private SendResult sendUntilAnswered(Message message) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                SendResult result = producer.send(message);
                count(result.getSendStatus().name());
                if (result.getSendStatus() == SendStatus.SEND_OK) {
                    return result;
                }
                nonRetriable.add(message.getKeys() + ": " + result.getSendStatus());
                return null;
            } catch (MQBrokerException e) {
                count("broker-" + e.getResponseCode());
                if (!RETRIABLE_CODES.contains(e.getResponseCode())) {
                    nonRetriable.add(message.getKeys() + ": " + e.getResponseCode() + " " + e.getErrorMessage());
                    return null;
                }
            } catch (RemotingException | MQClientException e) {
                count(e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            pause(Duration.ofMillis(50L * (attempt + 1)));
        }
        count("gave-up");
        return null;
    }

    private void count(String outcome) {
        outcomes.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
    }

    /** Turns the second send of every acknowledged message on or off (for the dedup plugin's window). */
    void forcedRetries(boolean on) {
        forcedRetries.set(on);
    }

    /** How many sends were acknowledged so far: lets a test wait for load before it swaps. */
    int acknowledgedCount() {
        return acknowledged.size();
    }

    /** Waits until {@code more} further sends have been acknowledged, bounded. */
    void awaitProgress(int more, Duration within) {
        int target = acknowledged.size() + more;
        long deadline = System.nanoTime() + within.toNanos();
        while (acknowledged.size() < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("load made no progress: " + acknowledged.size() + " acknowledged, wanted " + target
                        + "; outcomes " + new TreeMap<>(outcomes));
            }
            pause(Duration.ofMillis(20));
        }
    }

    /** Stops the senders, waits (bounded) until the consumer has every acknowledged message, and counts. */
    Result finish(Duration drain) throws InterruptedException {
        stopping.set(true);
        for (Thread sender : senders) {
            sender.join(Duration.ofSeconds(60).toMillis());
            if (sender.isAlive()) {
                throw new AssertionError(sender.getName() + " still sending 60 s after the stop");
            }
        }
        long deadline = System.nanoTime() + drain.toNanos();
        while (missing() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        long duplicates = received.values().stream().mapToLong(c -> Math.max(0, c.get() - 1)).sum();
        return new Result(acknowledged.size(), acknowledged.size() - missing(), missing(), duplicates,
                List.copyOf(nonRetriable), forcedRetryMismatch.get(), new TreeMap<>(outcomes.entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()))));
    }

    private long missing() {
        return acknowledged.stream().filter(k -> !received.containsKey(k)).count();
    }

    @Override
    public void close() {
        stopping.set(true);
        consumer.shutdown();
        producer.shutdown();
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * What a run came to. {@code duplicates}: extra deliveries of one acknowledged key (the
     * consumer's count minus one, summed); {@code retryMismatch}: forced retries answered with
     * another msgId than the original's.
     */
    record Result(int acknowledged, long consumed, long lost, long duplicates, List<String> nonRetriableErrors,
                  long retryMismatch, Map<String, Long> outcomes) {
        @Override
        public String toString() {
            return "acknowledged=" + acknowledged + " consumed=" + consumed + " lost=" + lost + " duplicates=" + duplicates
                    + " nonRetriable=" + nonRetriableErrors.size() + " retryMismatch=" + retryMismatch + " outcomes=" + outcomes
                    + (nonRetriableErrors.isEmpty() ? "" : " first errors " + nonRetriableErrors.subList(0, Math.min(5, nonRetriableErrors.size())));
        }
    }
}
