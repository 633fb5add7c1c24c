/**
 * Routing: which broker of a master/slave group a consumer should pull from next.
 */
@Export
@Version("1.0.0")
package io.ballast.spi.routing;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
