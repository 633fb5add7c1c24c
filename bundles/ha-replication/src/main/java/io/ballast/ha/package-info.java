/** Master/slave replication: the link that streams the commitlog, and the strategies that wait on it. */
package io.ballast.ha;
