package io.ballast.broker.slave;

import io.ballast.broker.offset.ConsumerOffsets.Commit;
import io.ballast.remoting.RemotingClient;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends a slave's consumer offsets that are ahead of its master's back to the master, as
 * UPDATE_CONSUMER_OFFSET (15) requests, the way a consumer would commit them (RocketMQ #2513,
 * #2705). Consumers commit to a slave only while they know no master; without this the next sync
 * after the master returns would leave the master's older offsets in force and the group would
 * consume those messages again.
 *
 * <p>The master's table was read a moment before; a consumer that committed further on the master
 * in that moment is moved back to the slave's offset (re-delivery, never a lost message), and its
 * next commit moves it on again.
 */
final class OffsetCarryBack {
    private final RemotingClient client;
    private final Duration timeout;

    OffsetCarryBack(RemotingClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /** @return completes with how many commits the master accepted; never fails */
    CompletableFuture<Integer> send(String master, List<Commit> commits) {
        AtomicInteger accepted = new AtomicInteger();
        CompletableFuture<?>[] answers = commits.stream().map(c -> {
            RemotingCommand request = RemotingCommand.builder().code(RequestCode.UPDATE_CONSUMER_OFFSET)
                    .extField("consumerGroup", c.group())
                    .extField("topic", c.topic())
                    .extField("queueId", Integer.toString(c.queueId()))
                    .extField("commitOffset", Long.toString(c.offset()))
                    .build();
            return client.invoke(master, request, timeout).toCompletableFuture().handle((response, failure) -> {
                if (response != null) {
                    if (response.code() == ResponseCode.SUCCESS) {
                        accepted.incrementAndGet();
                    }
                    response.release();
                }
                return null;
            });
        }).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(answers).thenApply(done -> accepted.get());
    }
}
