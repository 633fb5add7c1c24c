package io.ballast.broker.server;

import io.ballast.broker.BoundServices;
import io.ballast.broker.client.ConsumerGroups;
import io.ballast.broker.client.ProducerGroups;
import io.ballast.broker.config.LiveSettings;
import io.ballast.broker.metadata.SubscriptionGroups;
import io.ballast.broker.metadata.TopicConfigs;
import io.ballast.broker.offset.ConsumerOffsets;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every request processor of the broker may use: the settings in force, the bound SPI
 * services (read per request, never cached: they can be swapped), the broker's metadata, and a
 * scheduler for timed work (long-poll timeouts, delayed deliveries, periodic persistence).
 * Built once by the broker component; processors receive it in their constructors.
 */
public record BrokerContext(LiveSettings settings, BoundServices services, TopicConfigs topics,
                            SubscriptionGroups groups, ConsumerOffsets offsets, ConsumerGroups consumers,
                            ProducerGroups producers, BrokerStats stats, ScheduledExecutorService scheduler) {
}
