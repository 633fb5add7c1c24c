package io.ballast.tools.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * Consumer threads, each a lite pull consumer of one group (the broker's rebalance splits the
 * queues among them), polling until the deadline or, with --role consume, until --count messages
 * arrived. Latency here is end to end: receipt time less the producer's born timestamp, so it is
 * only meaningful when producer and consumer clocks agree (one machine, or NTP).
 */
final class ConsumerLoad {
    private static final long POLL_MS = 200;

    private final BenchOptions options;
    private final List<DefaultLitePullConsumer> consumers = new ArrayList<>();
    final LatencyRecorder latency = new LatencyRecorder();
    final LongAdder received = new LongAdder();
    final LongAdder bytes = new LongAdder();
    final Tally errors = new Tally();

    ConsumerLoad(BenchOptions options) {
        this.options = options;
    }

    /** Starts every consumer before timing begins, so their first rebalance is not in the measurement. */
    void start() throws Exception {
        for (int i = 0; i < options.consumers(); i++) {
            consumers.add(FirstOffsetConsumer.start(options.nameServer(), options.group(), options.topic()));
        }
    }

    void run(long deadlineNanos, long stopAfter) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < consumers.size(); i++) {
            DefaultLitePullConsumer consumer = consumers.get(i);
            Thread thread = new Thread(() -> pollUntil(consumer, deadlineNanos, stopAfter), "bench-consumer-" + i);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    void shutdown() {
        consumers.forEach(DefaultLitePullConsumer::shutdown);
    }

    private void pollUntil(DefaultLitePullConsumer consumer, long deadlineNanos, long stopAfter) {
        while (System.nanoTime() < deadlineNanos && (stopAfter == 0 || received.sum() < stopAfter)) {
            try {
                for (MessageExt message : consumer.poll(POLL_MS)) {
                    received.increment();
                    bytes.add(message.getBody().length);
                    latency.record((System.currentTimeMillis() - message.getBornTimestamp()) * 1_000_000L);
                }
            } catch (RuntimeException e) {
                errors.add(ProducerLoad.describe(e), 1);
            }
        }
    }
}
