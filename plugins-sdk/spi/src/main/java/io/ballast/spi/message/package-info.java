/**
 * The message model every service shares: a message as sent, its properties, and the send status a client sees.
 */
@Export
@Version("1.0.0")
package io.ballast.spi.message;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
