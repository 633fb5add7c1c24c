package io.ballast.broker.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.broker.client.HeartbeatData.ConsumerData;
import io.ballast.broker.client.HeartbeatData.SubscriptionData;
import io.ballast.remoting.LanguageCode;
import io.ballast.remoting.protocol.Perm;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.remoting.protocol.TopicConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.RemotingSerializable;
import org.apache.rocketmq.remoting.protocol.admin.ConsumeStats;
import org.apache.rocketmq.remoting.protocol.admin.OffsetWrapper;
import org.apache.rocketmq.remoting.protocol.admin.TopicOffset;
import org.apache.rocketmq.remoting.protocol.admin.TopicStatsTable;
import org.apache.rocketmq.remoting.protocol.body.GroupList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueueStatisticsTest extends AdminTest {

    @BeforeEach
    void open() throws Exception {
        admin.broker.context.topics().put(TopicConfig.of("orders", 2, Perm.READ | Perm.WRITE));
    }

    @Test
    void topicStatsGiveEachQueuesOffsetsAndNewestStoreTimeAsTheClientReadsThem() throws Exception {
        long before = System.currentTimeMillis();
        admin.broker.append("orders", 1, 3);

        byte[] body = AdminHarness.body(admin.call(RequestCode.GET_TOPIC_STATS_INFO, Map.of("topic", "orders")));

        TopicStatsTable stats = RemotingSerializable.decode(body, TopicStatsTable.class);
        assertEquals(2, stats.getOffsetTable().size());
        TopicOffset empty = stats.getOffsetTable().get(new MessageQueue("orders", "broker-t", 0));
        assertEquals(0, empty.getMaxOffset());
        assertEquals(0, empty.getLastUpdateTimestamp());
        TopicOffset filled = stats.getOffsetTable().get(new MessageQueue("orders", "broker-t", 1));
        assertEquals(0, filled.getMinOffset());
        assertEquals(3, filled.getMaxOffset());
        assertTrue(filled.getLastUpdateTimestamp() >= before, "store time " + filled.getLastUpdateTimestamp());
    }

    @Test
    void statsOfAnUnknownTopicAnswerTopicNotExist() throws Exception {
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, admin.call(RequestCode.GET_TOPIC_STATS_INFO, Map.of("topic", "nope")).code());
        assertEquals(ResponseCode.INVALID_PARAMETER, admin.call(RequestCode.GET_TOPIC_STATS_INFO, Map.of()).code());
    }

    @Test
    void consumeStatsShowBacklogPerQueueOfEveryTopicTheGroupCommittedOn() throws Exception {
        admin.broker.append("orders", 0, 5);
        admin.broker.context.offsets().commit("billing", "orders", 0, 2);

        byte[] body = AdminHarness.body(admin.call(RequestCode.GET_CONSUME_STATS, Map.of("consumerGroup", "billing")));

        ConsumeStats stats = RemotingSerializable.decode(body, ConsumeStats.class);
        assertEquals(2, stats.getOffsetTable().size());
        OffsetWrapper q0 = stats.getOffsetTable().get(new MessageQueue("orders", "broker-t", 0));
        assertEquals(5, q0.getBrokerOffset());
        assertEquals(2, q0.getConsumerOffset());
        assertTrue(q0.getLastTimestamp() > 0);
        assertEquals(3, stats.computeTotalDiff());
        OffsetWrapper q1 = stats.getOffsetTable().get(new MessageQueue("orders", "broker-t", 1));
        assertEquals(0, q1.getConsumerOffset());
    }

    @Test
    void consumeTpsIsWhatTheGroupGotPerSecondOverTheLastMinute() throws Exception {
        StepClock clock = new StepClock(1_000_000);
        AdminHarness timed = new AdminHarness(admin.broker, clock); // the same broker, closed by the test's own harness
        admin.broker.context.offsets().commit("billing", "orders", 0, 2);
        admin.broker.context.stats().got("billing", "orders", 5_000); // before anyone watched: not a rate
        timed.area.sample();
        assertEquals(0.0, consumeTps(timed), "one sample is only a baseline");

        admin.broker.context.stats().got("billing", "orders", 600);
        admin.broker.context.stats().got("other", "orders", 9_000);
        clock.advance(10_000);
        timed.area.sample();
        assertEquals(60.0, consumeTps(timed), 1e-9, "600 messages in 10 s");
    }

    private static double consumeTps(AdminHarness harness) throws Exception {
        return RemotingSerializable.decode(AdminHarness.body(harness.call(RequestCode.GET_CONSUME_STATS,
                Map.of("consumerGroup", "billing"))), ConsumeStats.class).getConsumeTps();
    }

    /** A clock the test moves by hand. */
    private static final class StepClock extends Clock {
        private long millis;

        StepClock(long millis) {
            this.millis = millis;
        }

        void advance(long by) {
            millis += by;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    @Test
    void consumeStatsSkipTopicsTheOnlineGroupNoLongerSubscribes() throws Exception {
        admin.broker.context.topics().put(TopicConfig.of("old", 1, Perm.READ | Perm.WRITE));
        admin.broker.context.offsets().commit("billing", "old", 0, 1);
        admin.broker.context.offsets().commit("billing", "orders", 0, 0);
        admin.broker.context.consumers().heartbeat(admin.channel, "c1", LanguageCode.JAVA, 409,
                new ConsumerData("billing", "CONSUME_PASSIVELY", "CLUSTERING", "CONSUME_FROM_LAST_OFFSET",
                        List.of(new SubscriptionData("orders", "*", null, null, 1, "TAG", null)), false));

        ConsumeStats stats = RemotingSerializable.decode(
                AdminHarness.body(admin.call(RequestCode.GET_CONSUME_STATS, Map.of("consumerGroup", "billing"))), ConsumeStats.class);

        assertTrue(stats.getOffsetTable().keySet().stream().allMatch(q -> q.getTopic().equals("orders")), stats.getOffsetTable().toString());
    }

    @Test
    void consumeStatsOfOneTopicListOnlyItsQueues() throws Exception {
        admin.broker.context.topics().put(TopicConfig.of("other", 3, Perm.READ | Perm.WRITE));
        admin.broker.context.offsets().commit("billing", "other", 0, 0);

        ConsumeStats stats = RemotingSerializable.decode(AdminHarness.body(admin.call(RequestCode.GET_CONSUME_STATS,
                Map.of("consumerGroup", "billing", "topic", "orders"))), ConsumeStats.class);

        assertEquals(2, stats.getOffsetTable().size());
    }

    @Test
    void topicConsumedByListsCommittingAndSubscribedGroups() throws Exception {
        admin.broker.context.offsets().commit("billing", "orders", 0, 1);
        admin.broker.context.consumers().heartbeat(admin.channel, "c1", LanguageCode.JAVA, 409,
                new ConsumerData("audit", "CONSUME_ACTIVELY", "CLUSTERING", "CONSUME_FROM_LAST_OFFSET",
                        List.of(new SubscriptionData("orders", "*", null, null, 1, "TAG", null)), false));

        GroupList groups = RemotingSerializable.decode(AdminHarness.body(
                admin.call(RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, Map.of("topic", "orders"))), GroupList.class);

        assertEquals(java.util.Set.of("billing", "audit"), groups.getGroupList());
    }
}
