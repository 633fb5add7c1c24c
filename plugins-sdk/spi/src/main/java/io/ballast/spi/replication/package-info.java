/**
 * Replication strategies: when the bytes a send wrote are held by enough replicas.
 */
@Export
@Version("1.0.0")
package io.ballast.spi.replication;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
