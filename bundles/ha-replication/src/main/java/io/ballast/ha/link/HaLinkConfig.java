package io.ballast.ha.link;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The broker keys the replication link reads, from the broker's configuration
 * ({@code etc/io.ballast.broker.cfg}). Not designated: bnd allows one {@code @Designate} per PID
 * in a bundle, and this bundle's strategy selection holds the broker PID's; DS still fills this
 * type, defaults included, from that configuration.
 */
@ObjectClassDefinition(name = "Ballast HA link", description = "The master/slave replication stream")
public @interface HaLinkConfig {
    /** The configuration PID of the broker's settings, shared by every component that reads them. */
    String BROKER_PID = "io.ballast.broker";

    @AttributeDefinition(description = "ASYNC_MASTER, SYNC_MASTER or SLAVE: a slave connects to its master, any other role listens")
    String brokerRole() default "ASYNC_MASTER";

    @AttributeDefinition(description = "Cluster of the master/slave group; a slave must name the same")
    String brokerClusterName() default "DefaultCluster";

    @AttributeDefinition(description = "Name of the master/slave group; a slave must name the same")
    String brokerName() default "broker-a";

    @AttributeDefinition(description = "0 for the master, 1 and up for slaves")
    long brokerId() default 0;

    @AttributeDefinition(description = "Address the master listens for slaves on")
    String brokerIP1() default "127.0.0.1";

    @AttributeDefinition(description = "The broker's remoting port; the HA port defaults to the next one")
    int listenPort() default 10911;

    @AttributeDefinition(description = "Port slaves replicate from; 0 = listenPort + 1")
    int haListenPort() default 0;

    @AttributeDefinition(description = "Slave: the master's HA address, host:port; empty = as the name servers report it")
    String haMasterAddress() default "";

    @AttributeDefinition(description = "Secret shared by master and slaves of the group; empty = the names alone admit a slave. Set it.",
            type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String haAuthSecret() default "";

    @AttributeDefinition(description = "Most commitlog bytes per chunk")
    int haTransferBatchSize() default 32 * 1024;

    @AttributeDefinition(description = "Milliseconds without traffic after which either side sends a heartbeat")
    long haSendHeartbeatInterval() default 5000;

    @AttributeDefinition(description = "Milliseconds of silence after which either side closes the connection")
    long haHousekeepingInterval() default 20_000;
}
