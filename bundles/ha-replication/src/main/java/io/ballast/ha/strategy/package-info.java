/**
 * Replication strategies: when a send's bytes count as replicated. One strategy is registered at a
 * time, chosen by {@code brokerRole} (and {@code inSyncReplicas}); all of them decide over one
 * shared table of pending waits, {@link io.ballast.ha.strategy.ReplicationWaiters}, so a swap on a
 * running master hands every waiting send over instead of failing it.
 */
package io.ballast.ha.strategy;
