package io.ballast.tools.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * After producing: the whole topic read back from its first offset by a fresh group, counted
 * against what the broker acknowledged. Stops when it has them all, or after --drain-idle seconds
 * without a message.
 */
final class Drain {
    private static final long POLL_MS = 500;

    private final BenchOptions options;
    private volatile long received;
    private volatile long bytes;

    Drain(BenchOptions options) {
        this.options = options;
    }

    long received() {
        return received;
    }

    /** Reads until {@code expected} messages arrived or the idle limit passed; returns the section of the summary. */
    BenchSummary.Drain run(long expected, LongSupplier nanoClock) throws Exception {
        String group = "bench-drain-" + System.currentTimeMillis();
        DefaultLitePullConsumer consumer = FirstOffsetConsumer.start(options.nameServer(), group, options.topic());
        long idleLimit = TimeUnit.SECONDS.toNanos(options.drainIdleSeconds());
        long first = 0;
        long last = nanoClock.getAsLong();
        try {
            while (received < expected && nanoClock.getAsLong() - last < idleLimit) {
                List<MessageExt> batch = consumer.poll(POLL_MS);
                if (batch.isEmpty()) {
                    continue;
                }
                last = nanoClock.getAsLong();
                if (first == 0) {
                    first = last;
                }
                long size = 0;
                for (MessageExt message : batch) {
                    size += message.getBody().length;
                }
                bytes += size;
                received += batch.size();
            }
        } finally {
            consumer.shutdown();
        }
        // Timed from the first message received: the consumer's start and first rebalance are left out.
        double seconds = first == 0 ? 0 : (last - first) / 1e9;
        return new BenchSummary.Drain(expected, received, seconds, BenchSummary.rate(received, seconds),
                BenchSummary.rate(bytes, seconds) / 1e6, received == expected);
    }
}
