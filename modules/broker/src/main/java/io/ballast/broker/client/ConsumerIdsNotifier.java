package io.ballast.broker.client;

import io.ballast.remoting.RemotingChannel;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.Versions;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every member of a consumer group that its member list changed (NOTIFY_CONSUMER_IDS_CHANGED,
 * one-way, header {@code consumerGroup}), so each rebalances now instead of at its 20 s timer. This
 * is also what makes a lite consumer's first poll fast (wire format §6.2 step 4).
 */
public final class ConsumerIdsNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerIdsNotifier.class);

    private final ConsumerGroups consumers;

    public ConsumerIdsNotifier(ConsumerGroups consumers) {
        this.consumers = consumers;
    }

    public void notifyGroups(Collection<String> groups) {
        groups.forEach(this::notifyGroup);
    }

    public void notifyGroup(String group) {
        for (RemotingChannel channel : consumers.channels(group)) {
            if (!channel.isActive()) {
                continue;
            }
            try {
                channel.sendOneway(RemotingCommand.builder()
                        .code(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED)
                        .version(Versions.BALLAST_AS_ROCKETMQ)
                        .extField("consumerGroup", group)
                        .build());
            } catch (RuntimeException e) {
                // One unreachable member must not keep the others from rebalancing.
                LOG.debug("NOTIFY_CONSUMER_IDS_CHANGED for {} to {} failed: {}", group, channel.remoteAddress(), e.toString());
            }
        }
    }
}
