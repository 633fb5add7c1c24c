package io.ballast.benchmarks.load;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * The smallest lost/duplicate check that a kill scenario of {@code benchmarks/compare-rocketmq.sh}
 * needs, with the official client, so that Ballast and Apache RocketMQ are judged by the same code.
 * It is not {@code ballast verify}: no faults of its own, no order check, no report; the script
 * kills and restarts the broker between the two modes.
 *
 * <pre>
 * AckCheck mode=send  nameServer=H:P topic=T acked=FILE [threads=8] [size=1024] [seconds=20]
 * AckCheck mode=check nameServer=H:P topic=T acked=FILE [idleSeconds=60]
 * </pre>
 *
 * {@code send} sends messages whose key is {@code threadIndex-sequence} and appends the key of each
 * one answered SEND_OK to {@code acked}, one a line, flushed as it goes, so a kill of the broker
 * mid-run leaves an exact record of what was acknowledged. Sends that fail (the broker is gone)
 * are counted and the thread goes on until the deadline. {@code check} reads the topic back from
 * its first offset with a fresh group and prints one line:
 * {@code acked A received R lost L dup D} where lost counts acknowledged keys never received and
 * dup counts extra copies of any key received more than once.
 */
public final class AckCheck {

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (String a : args) {
            String[] kv = a.split("=", 2);
            opts.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        String nameServer = required(opts, "nameServer");
        String topic = required(opts, "topic");
        Path acked = Path.of(required(opts, "acked"));
        switch (required(opts, "mode")) {
            case "send" -> send(nameServer, topic, acked, Integer.parseInt(opts.getOrDefault("threads", "8")),
                    Integer.parseInt(opts.getOrDefault("size", "1024")), Integer.parseInt(opts.getOrDefault("seconds", "20")));
            case "check" -> check(nameServer, topic, acked, Integer.parseInt(opts.getOrDefault("idleSeconds", "60")));
            default -> throw new IllegalArgumentException("mode is send or check");
        }
    }

    private static String required(Map<String, String> opts, String key) {
        String v = opts.get(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("missing " + key + "=...");
        }
        return v;
    }

    private static void send(String nameServer, String topic, Path ackedFile, int threads, int size, int seconds) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("ackcheck-producer");
        producer.setNamesrvAddr(nameServer);
        producer.setSendMsgTimeout(3_000);
        producer.start();
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'k');
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        CountDownLatch done = new CountDownLatch(threads);
        try (BufferedWriter out = Files.newBufferedWriter(ackedFile, StandardCharsets.UTF_8)) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                new Thread(() -> {
                    try {
                        // bounded by the deadline and by a count no 2-core run reaches
                        for (long seq = 0; seq < 50_000_000 && System.nanoTime() < deadline; seq++) {
                            String key = thread + "-" + seq;
                            SendStatus status;
                            try {
                                status = producer.send(new Message(topic, "ack", key, body)).getSendStatus();
                            } catch (Exception e) {
                                failed.incrementAndGet();
                                pause();
                                continue;
                            }
                            if (status != SendStatus.SEND_OK) {
                                failed.incrementAndGet();
                                continue;
                            }
                            ok.incrementAndGet();
                            synchronized (out) {
                                out.write(key);
                                out.write('\n');
                                out.flush();
                            }
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException("cannot record acked keys in " + ackedFile, e);
                    } finally {
                        done.countDown();
                    }
                }, "ackcheck-" + t).start();
            }
            done.await();
        }
        producer.shutdown();
        System.out.printf("send: SEND_OK %d, not SEND_OK or failed %d%n", ok.get(), failed.get());
    }

    /** After a failed send (broker down), wait a little so the loop does not spin on refusals. */
    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void check(String nameServer, String topic, Path ackedFile, int idleSeconds) throws Exception {
        List<String> ackedKeys = Files.readAllLines(ackedFile, StandardCharsets.UTF_8);
        Set<String> acked = new HashSet<>(ackedKeys);
        Map<String, Integer> seen = new HashMap<>();
        DefaultLitePullConsumer consumer = new DefaultLitePullConsumer("ackcheck-" + System.nanoTime());
        consumer.setNamesrvAddr(nameServer);
        consumer.setPullBatchSize(32);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        consumer.start();
        long lastProgress = System.nanoTime();
        long received = 0;
        Set<String> missing = new HashSet<>(acked);
        // stops once every acked key was seen and the topic stayed quiet 3 s, or after idleSeconds without a message
        while (System.nanoTime() - lastProgress < TimeUnit.SECONDS.toNanos(missing.isEmpty() ? 3 : idleSeconds)) {
            List<MessageExt> batch = consumer.poll(1000);
            for (MessageExt m : batch) {
                received++;
                seen.merge(m.getKeys(), 1, Integer::sum);
                missing.remove(m.getKeys());
                lastProgress = System.nanoTime();
            }
        }
        consumer.shutdown();
        long dup = seen.values().stream().mapToLong(n -> n - 1).sum();
        System.out.printf("acked %d received %d lost %d dup %d%n", acked.size(), received, missing.size(), dup);
    }

    private AckCheck() {
    }
}
