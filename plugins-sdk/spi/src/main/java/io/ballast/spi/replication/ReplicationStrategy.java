package io.ballast.spi.replication;

import io.ballast.spi.message.SendStatus;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides when the bytes a send wrote count as replicated. Independent of the flush policy: the
 * broker waits for both and answers with {@link SendStatus#and the combined status}.
 *
 * <p>Contract: a stage completes with SEND_OK only once enough replicas reported an offset
 * covering {@code endOffset}; SLAVE_NOT_AVAILABLE when no replica is in sync to ask;
 * FLUSH_SLAVE_TIMEOUT when they did not report in time. No thread is parked per waiting send.
 * When deactivated, the strategy completes every stage it still holds, or hands them to the strategy that takes over, before it goes: no stage is ever left incomplete.
 */
@ConsumerType
public interface ReplicationStrategy {

    /**
     * Completes when enough replicas hold the bytes below {@code endOffset}: SEND_OK,
     * SLAVE_NOT_AVAILABLE or FLUSH_SLAVE_TIMEOUT (see the contract above). Called on the broker's
     * send threads, many at once, right after the append; never blocks. The broker's dependents
     * run on the thread that completes the stage and do not block either.
     */
    CompletionStage<SendStatus> awaitReplicated(long endOffset);

    /** The highest commitlog offset held by as many replicas as this strategy requires. */
    long replicatedOffset();
}
