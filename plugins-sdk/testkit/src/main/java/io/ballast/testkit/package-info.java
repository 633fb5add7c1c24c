/**
 * What a plugin's tests need without a broker or a disk: test doubles ({@link io.ballast.testkit.FakeJournal})
 * and one conformance suite per service contract ({@link io.ballast.testkit.FlushPolicyContract},
 * {@link io.ballast.testkit.ReplicationStrategyContract}, {@link io.ballast.testkit.DedupFilterContract},
 * {@link io.ballast.testkit.RoutingPolicyContract}). A suite is an abstract JUnit Jupiter class: the
 * plugin's test extends it and supplies a factory, and every test the suite declares runs against
 * the plugin. The broker relies on what the suites check; a plugin that fails one is not safe to deploy.
 */
@Export
@Version("1.1.0")
package io.ballast.testkit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
