package io.ballast.ha.strategy;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The broker keys the replication strategies read, from {@code etc/io.ballast.broker.cfg}, with
 * RocketMQ's names and defaults. {@code brokerRole} is a String, not the enum, so that a typo
 * reaches {@link ReplicationRoleSwitch} and is reported there instead of failing activation.
 *
 * <p>Timeout: {@code slaveTimeout}, not {@code syncFlushTimeout}. Both 4.9.x and 5.x give the
 * replication wait its own key (GroupTransferService waits {@code slaveTimeout}, 3 s), while
 * {@code syncFlushTimeout} (5 s) bounds the disk force; an ordinary broker.conf therefore means
 * the same thing here as upstream.
 *
 * <p>Gap: {@code haMaxGapNotInSync} is 5.x's name, {@code haSlaveFallbehindMax} 4.x's; the first
 * one set wins, so a 4.x broker.conf keeps its meaning. Both default to "unset" (-1), which is
 * 256 MiB.
 */
@ObjectClassDefinition(name = "Ballast replication", description = "Which replication strategy answers sends, and its limits")
public @interface ReplicationConfig {
    /** The configuration PID of the broker's settings, shared by every component that reads them. */
    String BROKER_PID = "io.ballast.broker";

    @AttributeDefinition(description = "ASYNC_MASTER (no wait for a slave), SYNC_MASTER (wait for slaves) or SLAVE")
    String brokerRole() default "ASYNC_MASTER";

    @AttributeDefinition(description = "Milliseconds a send waits for its slave acks before FLUSH_SLAVE_TIMEOUT")
    long slaveTimeout() default 3000;

    @AttributeDefinition(description = "Bytes a slave may lag and still count as in sync (5.x name); -1 = unset")
    long haMaxGapNotInSync() default -1;

    @AttributeDefinition(description = "The same limit under its 4.x name, used when haMaxGapNotInSync is unset; -1 = unset")
    long haSlaveFallbehindMax() default -1;

    @AttributeDefinition(description = "Replicas that must hold a send, the master included; 3 or more selects quorum replication")
    int inSyncReplicas() default 1;

    @AttributeDefinition(description = "Fewest in-sync replicas, the master included, under which a quorum send is answered SLAVE_NOT_AVAILABLE at once")
    int minInSyncReplicas() default 1;
}
