package io.ballast.tools.bench;

import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;

/**
 * A started lite pull consumer of a whole topic that, as a new group, begins at each queue's
 * first offset: what both the consumer load and the drain read with.
 */
final class FirstOffsetConsumer {

    static DefaultLitePullConsumer start(String nameServer, String group, String topic) throws MQClientException {
        DefaultLitePullConsumer consumer = new DefaultLitePullConsumer(group);
        consumer.setNamesrvAddr(nameServer);
        consumer.setPullBatchSize(32);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        consumer.start();
        return consumer;
    }

    private FirstOffsetConsumer() {
    }
}
