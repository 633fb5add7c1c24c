package io.ballast.broker.admin;

import io.ballast.broker.server.BrokerContext;
import io.ballast.broker.server.BrokerStats;
import io.ballast.broker.server.Lane;
import io.ballast.broker.server.ProcessorTable;
import io.ballast.remoting.RemotingChannel;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestException;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.Versions;
import io.ballast.spi.store.MessageStore;
import io.ballast.spi.store.Watermarks;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/**
 * GET_BROKER_RUNTIME_INFO (28): a KVTable {@code {"table":{key:value}}} of strings, for mqadmin
 * brokerStatus (prints every key) and clusterList (reads a few). clusterList parses
 * {@code earliestMessageTimeStamp} and {@code commitLogDiskRatio} without a guard when they are
 * present, so they are written only as numbers or not at all; the msgPut/msgGet totals and the
 * tps keys it parses inside a guard.
 */
final class RuntimeInfo {
    private final BrokerContext context;
    private final Clock clock;
    private final TrafficCounter put;
    private final TrafficCounter got;

    RuntimeInfo(BrokerContext context, Clock clock) {
        this.context = context;
        this.clock = clock;
        this.put = new TrafficCounter(clock.getZone(), context.stats().startedAt());
        this.got = new TrafficCounter(clock.getZone(), context.stats().startedAt());
    }

    void register(ProcessorTable table) {
        table.register(RequestCode.GET_BROKER_RUNTIME_INFO, this::answer, Lane.ADMIN);
    }

    /** Takes one sample of the traffic counts; the area calls it every few seconds. */
    void sample() {
        long now = clock.millis();
        put.sample(now, context.stats().messagesPut());
        got.sample(now, context.stats().messagesGot());
    }

    CompletionStage<RemotingCommand> answer(RemotingChannel channel, RemotingCommand request) throws RequestException {
        return Answers.json(request, new KvTable(table(Answers.store(context))));
    }

    /** The body's shape. */
    record KvTable(Map<String, String> table) {
    }

    Map<String, String> table(MessageStore store) {
        BrokerStats stats = context.stats();
        Map<String, String> t = new TreeMap<>();
        t.put("brokerVersion", String.valueOf(Versions.BALLAST_AS_ROCKETMQ));
        t.put("brokerVersionDesc", "V4_9_8");
        t.put("brokerActive", "true");
        t.put("bootTimestamp", String.valueOf(stats.startedAt()));
        t.put("runtime", uptime(clock.millis() - stats.startedAt()));

        t.put("msgPutTotalYesterdayMorning", String.valueOf(put.yesterdayMorning()));
        t.put("msgPutTotalTodayMorning", String.valueOf(put.todayMorning()));
        t.put("msgPutTotalTodayNow", String.valueOf(stats.messagesPut()));
        t.put("msgGetTotalYesterdayMorning", String.valueOf(got.yesterdayMorning()));
        t.put("msgGetTotalTodayMorning", String.valueOf(got.todayMorning()));
        t.put("msgGetTotalTodayNow", String.valueOf(stats.messagesGot()));
        t.put("putTps", put.rates());
        t.put("getTransferredTps", got.rates());
        t.put("getTotalTps", got.rates());
        t.put("putMessageTimesTotal", String.valueOf(stats.messagesPut()));
        t.put("putMessageSizeTotal", String.valueOf(stats.bytesPut()));
        t.put("putMessageFailedTimes", String.valueOf(stats.sendFailures()));

        Watermarks marks = store.watermarks();
        t.put("commitLogMaxOffset", String.valueOf(marks.written()));
        t.put("commitLogForcedOffset", String.valueOf(marks.forced()));
        t.put("commitLogVisibleOffset", String.valueOf(marks.visible()));
        t.put("remainHowManyDataToFlush", String.valueOf(Math.max(0, marks.written() - marks.forced())));
        diskRatio(context.settings().current().storeRoot())
                .ifPresent(r -> t.put("commitLogDiskRatio", String.format(Locale.ROOT, "%.4f", r)));

        // What a master's slaves still lack (async replication: what losing the master now would
        // lose); only on a master with a replication strategy bound. Ballast's own key.
        if (!context.settings().current().isSlave()) {
            context.services().replication().current().ifPresent(b -> {
                t.put("replicationStrategy", b.implementation());
                t.put("replicationLagBytes", String.valueOf(Math.max(0, marks.written() - b.service().replicatedOffset())));
            });
        }
        context.services().flush().current().ifPresent(b -> t.put("flushPolicy", b.implementation()));
        context.services().store().current().ifPresent(b -> t.put("messageStore", b.implementation()));
        return t;
    }

    /** Used fraction of the store's file system, 0..1; empty when it cannot be read. */
    static java.util.Optional<Double> diskRatio(Path storeRoot) {
        try {
            Path existing = storeRoot;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null) {
                return java.util.Optional.empty();
            }
            FileStore fs = Files.getFileStore(existing);
            long total = fs.getTotalSpace();
            return total <= 0 ? java.util.Optional.empty()
                    : java.util.Optional.of((double) (total - fs.getUsableSpace()) / total);
        } catch (IOException | SecurityException e) {
            return java.util.Optional.empty();
        }
    }

    /** "[ 0 days, 1 hours, 2 minutes, 3 seconds ]", as upstream words it. */
    static String uptime(long millis) {
        long s = Math.max(0, millis) / 1000;
        return String.format(Locale.ROOT, "[ %d days, %d hours, %d minutes, %d seconds ]",
                s / 86_400, s / 3600 % 24, s / 60 % 60, s % 60);
    }
}
