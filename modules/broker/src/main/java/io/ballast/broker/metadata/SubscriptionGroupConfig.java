package io.ballast.broker.metadata;

/**
 * A consumer group's settings, in the JSON shape of upstream's {@code subscriptionGroup.json}
 * and of UPDATE_AND_CREATE_SUBSCRIPTIONGROUP bodies.
 *
 * @param retryQueueNums                 queues of the group's retry topic; 0 = failed messages are dropped
 * @param retryMaxTimes                  redeliveries before a message goes to the group's DLQ
 * @param brokerId                       the broker id the group normally consumes from (0 = master)
 * @param whichBrokerWhenConsumeSlowly   the slave a consumer is pointed at when its backlog is cold
 */
public record SubscriptionGroupConfig(String groupName, boolean consumeEnable, boolean consumeFromMinEnable,
                                      boolean consumeBroadcastEnable, boolean consumeMessageOrderly,
                                      int retryQueueNums, int retryMaxTimes, long brokerId,
                                      long whichBrokerWhenConsumeSlowly, boolean notifyConsumerIdsChangedEnable,
                                      int groupSysFlag) {

    public static final int DEFAULT_RETRY_MAX_TIMES = 16;

    /** A group as auto-creation makes it: upstream's defaults. */
    public static SubscriptionGroupConfig defaults(String group) {
        return new SubscriptionGroupConfig(group, true, true, true, false, 1, DEFAULT_RETRY_MAX_TIMES, 0, 1, true, 0);
    }
}
