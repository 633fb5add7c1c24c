package io.ballast.tools.bench;

import io.ballast.tools.ToolCommand;
import io.ballast.tools.bench.BenchOptions.Role;
import io.ballast.tools.bench.BenchOptions.SendMode;
import io.ballast.tools.bench.BenchOptions.UsageException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code bin/ballast bench}: producers and/or consumers for a bounded time, then an optional
 * drain, with a progress line each second and a summary at the end. See {@link BenchOptions#HELP}.
 */
public final class BenchCommand implements ToolCommand {
    private final PrintStream out;
    private final PrintStream err;

    public BenchCommand() {
        this(System.out, System.err);
    }

    BenchCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "Load a broker with the official RocketMQ client: rates, latency percentiles, a drain";
    }

    @Override
    public int run(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(List.of(args));
        } catch (UsageException e) {
            err.println("ballast bench: " + e.getMessage());
            return 2;
        }
        if (options.help()) {
            out.print(BenchOptions.HELP);
            return 0;
        }
        BenchSummary summary;
        try {
            summary = measure(options);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("ballast bench: interrupted");
            return 1;
        } catch (Exception e) {
            err.println("ballast bench: " + ProducerLoad.describe(e) + ": " + e.getMessage());
            return 1;
        }
        if (options.json()) {
            err.print(summary.text());
            out.println(summary.json());
        } else {
            out.print(summary.text());
        }
        out.flush();
        return summary.ok() ? 0 : 1;
    }

    private BenchSummary measure(BenchOptions options) throws Exception {
        ProducerLoad producer = options.role() == Role.CONSUME ? null : new ProducerLoad(options);
        ConsumerLoad consumer = options.role() == Role.PRODUCE ? null : new ConsumerLoad(options);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-progress");
            t.setDaemon(true);
            return t;
        });
        try {
            if (producer != null) {
                producer.start();
            }
            if (consumer != null) {
                consumer.start();
            }
            long start = System.nanoTime();
            long deadline = start + TimeUnit.SECONDS.toNanos(options.durationSeconds());
            AtomicReference<ProgressLine> progress = new AtomicReference<>(new ProgressLine(producer, consumer, null, start));
            ticker.scheduleAtFixedRate(() -> progress.get().print(err, System.nanoTime()), 1, 1, TimeUnit.SECONDS);

            Thread consuming = null;
            double[] consumeSeconds = new double[1];
            if (consumer != null) {
                long stopAfter = options.role() == Role.CONSUME ? options.count() : 0;
                consuming = new Thread(() -> {
                    try {
                        consumer.run(deadline, stopAfter);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    consumeSeconds[0] = (System.nanoTime() - start) / 1e9;
                }, "bench-consumers");
                consuming.start();
            }
            double produceSeconds = 0;
            Drain drain = producer != null && options.drain() ? new Drain(options) : null;
            if (producer != null) {
                producer.run(deadline);
                produceSeconds = (System.nanoTime() - start) / 1e9;
                if (drain != null) {
                    progress.set(new ProgressLine(null, null, drain::received, System.nanoTime()));
                }
                producer.shutdown();
            }
            if (consuming != null) {
                consuming.join();
                consumer.shutdown();
            }

            BenchSummary.Drain drained = null;
            if (drain != null) {
                long answered = options.sendMode() == SendMode.ONEWAY ? producer.sent.sum() : producer.statuses.total();
                drained = drain.run(answered + producer.warmup(), System::nanoTime);
            }
            return new BenchSummary(setup(options), producer == null ? null : produced(producer, produceSeconds, options),
                    consumer == null ? null : consumed(consumer, consumeSeconds[0]), drained);
        } finally {
            ticker.shutdownNow();
            if (producer != null) {
                producer.shutdown();
            }
            if (consumer != null) {
                consumer.shutdown();
            }
        }
    }

    private static BenchSummary.Setup setup(BenchOptions o) {
        return new BenchSummary.Setup(o.nameServer(), o.topic(), o.role().name().toLowerCase(Locale.ROOT),
                o.sendMode().name().toLowerCase(Locale.ROOT), o.threads(), o.consumers(), o.size(), o.batch());
    }

    private static BenchSummary.Produce produced(ProducerLoad p, double seconds, BenchOptions o) {
        long sent = p.sent.sum();
        return new BenchSummary.Produce(seconds, p.warmup(), p.attempted.sum(), sent, p.statuses.total(),
                BenchSummary.rate(sent, seconds), BenchSummary.rate(sent * o.size(), seconds) / 1e6,
                BenchSummary.Latency.of(p.latency.total()), p.statuses.snapshot(), p.errors.snapshot());
    }

    private static BenchSummary.Consume consumed(ConsumerLoad c, double seconds) {
        long received = c.received.sum();
        return new BenchSummary.Consume(seconds, received, BenchSummary.rate(received, seconds),
                BenchSummary.rate(c.bytes.sum(), seconds) / 1e6, BenchSummary.Latency.of(c.latency.total()),
                c.errors.snapshot());
    }
}
