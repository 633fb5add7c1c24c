package io.ballast.broker.admin;

import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Messages per second each consumer group gets from each topic, over the last minute: the
 * {@code consumeTps} of GET_CONSUME_STATS, which mqadmin consumerProgress prints. One
 * {@link TrafficCounter} per topic and group, fed from the broker's running totals by the admin
 * area's periodic sample. A pair's first sample is its baseline (what it got before is not spread
 * over a minute it was not watched), so it reports 0 until the next one.
 */
final class GroupGetRates {
    private static final long WINDOW_MILLIS = 60_000;

    private final ZoneId zone;
    private final Map<String, TrafficCounter> counters = new ConcurrentHashMap<>();

    GroupGetRates(ZoneId zone) {
        this.zone = zone;
    }

    /** One sample of the totals by {@code topic@group} key, as BrokerStats keeps them. */
    void sample(long now, Map<String, Long> gotByTopicAndGroup) {
        gotByTopicAndGroup.forEach((key, total) -> counters.computeIfAbsent(key, k -> new TrafficCounter(zone, now, total)).sample(now, total));
    }

    /** The group's rate from the topic over the last minute; 0 before two samples saw it. */
    double perSecond(String group, String topic) {
        TrafficCounter counter = counters.get(topic + "@" + group);
        return counter == null ? 0.0 : counter.rate(WINDOW_MILLIS);
    }
}
