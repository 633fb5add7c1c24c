package io.ballast.tools.bench;

import io.ballast.tools.bench.BenchOptions.SendMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;

/**
 * Producer threads sending fixed-size messages through one official client producer until the
 * deadline or the count, in the chosen send mode. What they count: messages attempted, messages
 * the broker answered (by send status), failures (by exception), and the latency of each answered
 * call.
 */
final class ProducerLoad {
    private final BenchOptions options;
    private final DefaultMQProducer producer;
    private final byte[] body;
    private final AtomicLong claimed = new AtomicLong();
    final LatencyRecorder latency = new LatencyRecorder();
    final Tally statuses = new Tally();
    final Tally errors = new Tally();
    final LongAdder attempted = new LongAdder();
    /** Answered with a status (sync, async), or handed to the socket without an exception (oneway). */
    final LongAdder sent = new LongAdder();
    private long warmup;

    ProducerLoad(BenchOptions options) {
        this.options = options;
        this.body = new byte[options.size()];
        Arrays.fill(body, (byte) 'x');
        producer = new DefaultMQProducer("bench-producer-" + ProcessHandle.current().pid());
        producer.setNamesrvAddr(options.nameServer());
        producer.setSendMsgTimeout(options.sendTimeoutMs());
        producer.setMaxMessageSize(BenchOptions.MAX_MESSAGE_BYTES);
    }

    /**
     * Starts the client and sends one message outside the measurement: it creates the topic on a
     * broker that auto-creates, and fetches the route, so the first timed sends do not pay for it.
     */
    void start() throws Exception {
        producer.start();
        producer.send(new Message(options.topic(), body));
        warmup = 1;
    }

    long warmup() {
        return warmup;
    }

    /** Runs every producer thread to the deadline (or the count) and returns when all are done. */
    void run(long deadlineNanos) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < options.threads(); t++) {
            Thread thread = new Thread(() -> sendUntil(deadlineNanos), "bench-producer-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    void shutdown() {
        producer.shutdown();
    }

    private void sendUntil(long deadlineNanos) {
        Semaphore window = new Semaphore(options.inFlight());
        int n;
        while (System.nanoTime() < deadlineNanos && (n = claim()) > 0) {
            List<Message> batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                batch.add(new Message(options.topic(), body));
            }
            attempted.add(n);
            switch (options.sendMode()) {
                case SYNC -> sendSync(batch);
                case ASYNC -> {
                    if (!acquire(window, 1)) {
                        errors.add("no answer within the send timeout (async window full)", n);
                        return;
                    }
                    sendAsync(batch, window);
                }
                default -> sendOneway(batch.get(0));
            }
        }
        if (options.sendMode() == SendMode.ASYNC && !acquire(window, options.inFlight())) {
            errors.add("no answer within the send timeout (async window full)", options.inFlight() - window.availablePermits());
        }
    }

    /** How many messages the next call may send: the batch, less what is left of --count. */
    private int claim() {
        if (options.count() == 0) {
            return options.batch();
        }
        while (true) {
            long done = claimed.get();
            long n = Math.min(options.batch(), options.count() - done);
            if (n <= 0) {
                return 0;
            }
            if (claimed.compareAndSet(done, done + n)) {
                return (int) n;
            }
        }
    }

    private boolean acquire(Semaphore window, int permits) {
        try {
            return window.tryAcquire(permits, options.sendTimeoutMs() + 5_000L, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void sendSync(List<Message> batch) {
        long t0 = System.nanoTime();
        try {
            SendResult result = batch.size() == 1 ? producer.send(batch.get(0)) : producer.send(batch);
            answered(result, batch.size(), System.nanoTime() - t0);
        } catch (Exception e) {
            failed(e, batch.size());
        }
    }

    private void sendAsync(List<Message> batch, Semaphore window) {
        long t0 = System.nanoTime();
        SendCallback callback = new SendCallback() {
            @Override
            public void onSuccess(SendResult result) {
                answered(result, batch.size(), System.nanoTime() - t0);
                window.release();
            }

            @Override
            public void onException(Throwable e) {
                failed(e, batch.size());
                window.release();
            }
        };
        try {
            if (batch.size() == 1) {
                producer.send(batch.get(0), callback);
            } else {
                producer.send(batch, callback);
            }
        } catch (Exception e) {
            failed(e, batch.size());
            window.release();
        }
    }

    private void sendOneway(Message message) {
        long t0 = System.nanoTime();
        try {
            producer.sendOneway(message);
            sent.increment();
            latency.record(System.nanoTime() - t0);
        } catch (Exception e) {
            failed(e, 1);
        }
    }

    private void answered(SendResult result, int messages, long nanos) {
        statuses.add(result.getSendStatus().name(), messages);
        sent.add(messages);
        latency.record(nanos);
    }

    private void failed(Throwable e, int messages) {
        errors.add(describe(e), messages);
    }

    /** The exception's class, with the RocketMQ response code when it carries one (e.g. 14 SERVICE_NOT_AVAILABLE). */
    static String describe(Throwable e) {
        if (e instanceof MQBrokerException b) {
            return e.getClass().getSimpleName() + " code " + b.getResponseCode();
        }
        if (e instanceof MQClientException c && c.getResponseCode() > 0) {
            return e.getClass().getSimpleName() + " code " + c.getResponseCode();
        }
        return e.getClass().getSimpleName();
    }
}
