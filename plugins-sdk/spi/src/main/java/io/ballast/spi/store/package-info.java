/**
 * The store contract: append, read by queue offset, and the journal that a flush policy forces. The store never knows which flush policy or replication strategy is bound.
 */
@Export
@Version("1.1.0")
package io.ballast.spi.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
