/**
 * What RocketMQ peers agree on beyond the frame: request and response codes, permission bits,
 * and the JSON bodies that name server and broker exchange with each other and with clients.
 */
@Export
@Version("1.0.0")
package io.ballast.remoting.protocol;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
