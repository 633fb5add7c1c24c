/**
 * Replication strategies: when the bytes a send wrote are held by enough replicas; and where a
 * slave's master is ({@link io.ballast.spi.replication.MasterLocation}, since 1.1).
 */
@Export
@Version("1.1.0")
package io.ballast.spi.replication;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
