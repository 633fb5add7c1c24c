package io.ballast.itest.ha;

import io.ballast.itest.fixture.Await;
import io.ballast.itest.fixture.MasterSlavePair;
import java.time.Duration;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.header.UpdateConsumerOffsetRequestHeader;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A slave whose periodic metadata sync runs only every 60 s still learns of its master's new topic,
 * subscription group and committed consumer offset within seconds: the metadata watch
 * (WATCH_METADATA) tells it of each change. The changes are made with the calls mqadmin and the
 * consumers make, and read back from the slave the same way.
 */
class MetadataOnChangeIT {
    /** Far below the 60 s interval, far above the watch's own delays (at once, and 1 s for offsets). */
    private static final Duration WITHIN = Duration.ofSeconds(8);

    @RegisterExtension
    static final MasterSlavePair pair = MasterSlavePair.builder("ASYNC_MASTER")
            .slave("metadataSyncInterval", "60000")
            .build();

    private final Clients clients = new Clients(pair.nameServerAddress());

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    void topicGroupAndOffsetCreatedOnTheMasterAppearOnTheSlaveWithinSeconds() throws Exception {
        MQClientAPIImpl api = clients.producer().getDefaultMQProducerImpl().getMqClientFactory().getMQClientAPIImpl();
        BrokerQueries queries = new BrokerQueries(clients.producer());
        String master = pair.master().address();
        String slave = pair.slave().address();
        // The slave's first round (once it knows its master) takes a warm-up topic; everything after
        // it can only come from the watch, the next round by interval being 60 s away.
        String warmUp = Clients.unique("WarmUp");
        api.createTopic(master, "TBW102", new TopicConfig(warmUp, 1, 1), BrokerQueries.TIMEOUT_MS);
        Await.until(Duration.ofSeconds(30), () -> "the slave's first sync", () -> topics(api, slave).contains(warmUp));

        String topic = Clients.unique("OnChange");
        api.createTopic(master, "TBW102", new TopicConfig(topic, 4, 4), BrokerQueries.TIMEOUT_MS);
        Await.until(WITHIN, () -> "topic " + topic + " on the slave", () -> topics(api, slave).contains(topic));

        String group = Clients.unique("on_change_group");
        SubscriptionGroupConfig groupConfig = new SubscriptionGroupConfig();
        groupConfig.setGroupName(group);
        api.createSubscriptionGroup(master, groupConfig, BrokerQueries.TIMEOUT_MS);
        Await.until(WITHIN, () -> "group " + group + " on the slave", () -> groups(api, slave).contains(group));

        UpdateConsumerOffsetRequestHeader commit = new UpdateConsumerOffsetRequestHeader();
        commit.setConsumerGroup(group);
        commit.setTopic(topic);
        commit.setQueueId(2);
        commit.setCommitOffset(17L);
        api.updateConsumerOffset(master, commit, BrokerQueries.TIMEOUT_MS);
        MessageQueue queue = new MessageQueue(topic, "broker-ha", 2);
        Await.until(WITHIN, () -> "offset 17 of " + group + " on the slave (holds "
                        + queries.committedOffset(slave, group, queue) + ")",
                () -> queries.committedOffset(slave, group, queue).orElse(-1L) == 17L);
    }

    private static java.util.Set<String> topics(MQClientAPIImpl api, String broker) {
        try {
            return api.getAllTopicConfig(broker, BrokerQueries.TIMEOUT_MS).getTopicConfigTable().keySet();
        } catch (Exception e) {
            return java.util.Set.of();
        }
    }

    private static java.util.Set<String> groups(MQClientAPIImpl api, String broker) {
        try {
            return api.getAllSubscriptionGroup(broker, BrokerQueries.TIMEOUT_MS).getSubscriptionGroupTable().keySet();
        } catch (Exception e) {
            return java.util.Set.of();
        }
    }
}
