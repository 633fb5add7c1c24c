/**
 * The RocketMQ remoting layer on Netty: frames on the TCP stream, the two header encodings (JSON
 * and ROCKETMQ binary), the server that hands requests to processors on their own executors, and
 * the client the broker uses to reach name servers. Exported for the name server and broker
 * bundles of the platform; not part of the plugin SPI.
 */
@Export
@Version("1.0.0")
package io.ballast.remoting;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
