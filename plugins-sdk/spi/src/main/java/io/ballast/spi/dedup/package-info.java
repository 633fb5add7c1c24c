/**
 * Deduplication: recognise a message that was already stored (send side) or already consumed (pull side).
 */
@Export
@Version("1.1.0")
package io.ballast.spi.dedup;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
