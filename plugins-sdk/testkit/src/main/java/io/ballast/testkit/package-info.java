/**
 * Test doubles and fault-injection helpers for testing a plugin without a broker or a disk.
 */
@Export
@Version("1.0.0")
package io.ballast.testkit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
