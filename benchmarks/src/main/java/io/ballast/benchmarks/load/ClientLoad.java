package io.ballast.benchmarks.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * The load run of the protocol issue, with the official RocketMQ client: synchronous sends of
 * fixed-size messages from several producer threads for a bounded time, then a drain of the topic
 * with a lite pull consumer. Prints messages/s and latency percentiles of the sends, and the
 * drain rate, as one line per phase.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.ballast.benchmarks.load.ClientLoad \
 *     [nameServer=127.0.0.1:9876] [threads=8] [size=1024] [seconds=30] [topic=LoadTest]
 * </pre>
 *
 * Every loop is bounded: sends stop at the deadline (or after 10 M messages), the drain stops when
 * it has read everything acknowledged or after 120 s without progress.
 */
public final class ClientLoad {
    private static final int MAX_SAMPLES_PER_THREAD = 2_000_000;

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new java.util.HashMap<>();
        for (String a : args) {
            String[] kv = a.split("=", 2);
            opts.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        String nameServer = opts.getOrDefault("nameServer", "127.0.0.1:9876");
        int threads = Integer.parseInt(opts.getOrDefault("threads", "8"));
        int size = Integer.parseInt(opts.getOrDefault("size", "1024"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "30"));
        String topic = opts.getOrDefault("topic", "LoadTest" + System.currentTimeMillis() % 100000);

        DefaultMQProducer producer = new DefaultMQProducer("load-producer");
        producer.setNamesrvAddr(nameServer);
        producer.setSendMsgTimeout(10_000);
        producer.start();
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'x');
        // Creates the topic (auto-create) and warms the route before timing starts.
        producer.send(new Message(topic, body));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        LongAdder ok = new LongAdder();
        LongAdder notOk = new LongAdder();
        LongAdder errors = new LongAdder();
        List<long[]> samples = new ArrayList<>();
        AtomicLong sampleCount = new AtomicLong();
        CountDownLatch done = new CountDownLatch(threads);
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            long[] latencies = new long[MAX_SAMPLES_PER_THREAD];
            samples.add(latencies);
            Thread thread = new Thread(() -> {
                int n = 0;
                try {
                    while (System.nanoTime() < deadline && n < MAX_SAMPLES_PER_THREAD) {
                        long t0 = System.nanoTime();
                        try {
                            SendResult r = producer.send(new Message(topic, body));
                            if (r.getSendStatus() == SendStatus.SEND_OK) {
                                ok.increment();
                            } else {
                                notOk.increment();
                            }
                        } catch (Exception e) {
                            errors.increment();
                        }
                        latencies[n++] = System.nanoTime() - t0;
                    }
                } finally {
                    sampleCount.addAndGet(n);
                    latencies[MAX_SAMPLES_PER_THREAD - 1] = n; // remember how many are valid
                    done.countDown();
                }
            }, "load-" + t);
            thread.start();
        }
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] all = new long[(int) sampleCount.get()];
        int i = 0;
        for (long[] latencies : samples) {
            int n = (int) latencies[MAX_SAMPLES_PER_THREAD - 1];
            System.arraycopy(latencies, 0, all, i, Math.min(n, MAX_SAMPLES_PER_THREAD - 1));
            i += Math.min(n, MAX_SAMPLES_PER_THREAD - 1);
        }
        Arrays.sort(all, 0, i);
        long acked = ok.sum() + notOk.sum();
        System.out.printf("send: %d threads, %d B, %.1f s: %.0f msg/s, %.1f MB/s, SEND_OK %d, other status %d, errors %d,"
                        + " latency ms p50 %.2f p99 %.2f p999 %.2f max %.2f%n",
                threads, size, elapsed, acked / elapsed, acked * (double) size / elapsed / 1e6, ok.sum(), notOk.sum(),
                errors.sum(), pct(all, i, 0.50), pct(all, i, 0.99), pct(all, i, 0.999), i == 0 ? 0 : all[i - 1] / 1e6);
        producer.shutdown();

        drain(nameServer, topic, acked + 1); // + the warm-up message
    }

    private static double pct(long[] sorted, int n, double p) {
        return n == 0 ? 0 : sorted[Math.min(n - 1, (int) Math.ceil(p * n) - 1)] / 1e6;
    }

    private static void drain(String nameServer, String topic, long expected) throws Exception {
        DefaultLitePullConsumer consumer = new DefaultLitePullConsumer("load-drain-" + System.nanoTime());
        consumer.setNamesrvAddr(nameServer);
        consumer.setPullBatchSize(32);
        consumer.setConsumeFromWhere(org.apache.rocketmq.common.consumer.ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        consumer.start();
        long received = 0;
        long bytes = 0;
        long first = 0;
        long lastProgress = System.nanoTime();
        while (received < expected && System.nanoTime() - lastProgress < TimeUnit.SECONDS.toNanos(120)) {
            List<MessageExt> batch = consumer.poll(1000);
            if (!batch.isEmpty()) {
                if (first == 0) {
                    first = System.nanoTime();
                }
                received += batch.size();
                for (MessageExt m : batch) {
                    bytes += m.getBody().length;
                }
                lastProgress = System.nanoTime();
            }
        }
        double elapsed = first == 0 ? 0 : (System.nanoTime() - first) / 1e9;
        System.out.printf("drain: %d of %d messages in %.1f s (from the first received): %.0f msg/s, %.1f MB/s%n",
                received, expected, elapsed, elapsed == 0 ? 0 : received / elapsed, elapsed == 0 ? 0 : bytes / elapsed / 1e6);
        consumer.shutdown();
    }

    private ClientLoad() {
    }
}
