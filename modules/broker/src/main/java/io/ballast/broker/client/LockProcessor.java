package io.ballast.broker.client;

import io.ballast.broker.client.QueueLocks.MessageQueue;
import io.ballast.remoting.RemotingChannel;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestException;
import io.ballast.remoting.RequestProcessor;
import io.ballast.remoting.protocol.Json;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import io.netty.buffer.Unpooled;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * LOCK_BATCH_MQ (41) and UNLOCK_BATCH_MQ (42): an orderly consumer locks the queues it is about to
 * consume, renews them every 20 s and unlocks them when it gives them up. Ballast serves one broker
 * per lock (no quorum across replicas), so {@code onlyThisBroker} changes nothing.
 */
public final class LockProcessor implements RequestProcessor {

    /** Body of both requests. */
    record LockBatchBody(String consumerGroup, String clientId, Boolean onlyThisBroker, Set<MessageQueue> mqSet) {
        LockBatchBody {
            mqSet = mqSet == null ? Set.of() : mqSet;
        }
    }

    /** Body of LOCK_BATCH_MQ's answer. */
    record LockBatchAnswer(Set<MessageQueue> lockOKMQSet) {
    }

    private final QueueLocks locks;

    public LockProcessor(QueueLocks locks) {
        this.locks = locks;
    }

    @Override
    public CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request) throws RequestException {
        LockBatchBody body = RequestBody.read(request, LockBatchBody.class, "LockBatchRequestBody");
        if (body.consumerGroup() == null || body.consumerGroup().isEmpty() || body.clientId() == null || body.clientId().isEmpty()) {
            throw new RequestException(ResponseCode.INVALID_PARAMETER, "a lock request needs consumerGroup and clientId");
        }
        if (request.code() == RequestCode.UNLOCK_BATCH_MQ) {
            locks.unlock(body.consumerGroup(), body.clientId(), body.mqSet());
            return CompletableFuture.completedFuture(RemotingCommand.responseTo(request, ResponseCode.SUCCESS).build());
        }
        Set<MessageQueue> held = locks.lock(body.consumerGroup(), body.clientId(), body.mqSet());
        return CompletableFuture.completedFuture(RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .body(Unpooled.wrappedBuffer(Json.write(new LockBatchAnswer(held))))
                .build());
    }
}
