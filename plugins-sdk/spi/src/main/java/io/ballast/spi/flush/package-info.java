/**
 * Flush policies: when the bytes a send wrote are durable. Async and group-commit flush are both implementations of
 * FlushPolicy; a plugin adds another by registering one with a higher {@code service.ranking} (docs/plugins.md).
 */
@Export
@Version("1.0.0")
package io.ballast.spi.flush;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
