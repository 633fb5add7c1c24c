package io.ballast.routing;

import io.ballast.spi.routing.PullContext;

/**
 * RocketMQ's slave-read rule. A consumer far behind reads data that has left the page cache;
 * serving it from the master's disk slows the master's writers, so the master points such a
 * consumer at a slave. On the slave, a consumer that has caught up is sent back to the master.
 * Two thresholds (40 % out, 30 % back by default) keep a consumer near the line from flapping.
 *
 * @param slaveReadEnable          whether consumers may be sent to a slave at all
 * @param toSlaveAboveBytes        backlog (bytes of commitlog) above which the master suggests the slave
 * @param backToMasterBelowBytes   backlog below which the slave suggests the master again
 * @param slowConsumerBrokerId     which slave the master suggests ({@code whichBrokerWhenConsumeSlowly})
 */
record SlaveReadDecision(boolean slaveReadEnable, long toSlaveAboveBytes, long backToMasterBelowBytes,
                         long slowConsumerBrokerId) {
    static final long MASTER_ID = 0;

    static SlaveReadDecision of(boolean slaveReadEnable, long physicalMemoryBytes, long toSlavePercent,
                                long backToMasterPercent, long slowConsumerBrokerId) {
        return new SlaveReadDecision(slaveReadEnable, physicalMemoryBytes / 100 * toSlavePercent,
                physicalMemoryBytes / 100 * backToMasterPercent, slowConsumerBrokerId);
    }

    long suggest(PullContext pull) {
        if (!slaveReadEnable) {
            return MASTER_ID;
        }
        long backlog = pull.backlogBytes();
        if (pull.brokerId() == MASTER_ID) {
            return backlog > toSlaveAboveBytes ? slowConsumerBrokerId : MASTER_ID;
        }
        return backlog < backToMasterBelowBytes ? MASTER_ID : pull.brokerId();
    }
}
