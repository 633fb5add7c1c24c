package io.ballast.broker.slave;

import io.ballast.broker.delay.DelayOffsets;
import io.ballast.broker.metadata.SubscriptionGroups;
import io.ballast.broker.offset.ConsumerOffsets;
import io.ballast.remoting.RemotingClient;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.protocol.Json;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.remoting.protocol.TopicConfigWrapper;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The four tables a slave copies from its master (wire format §5.6), fetched in parallel over
 * ordinary requests to the master's remoting port. Each answer is a JSON body in upstream's shape:
 *
 * <pre>
 * GET_ALL_TOPIC_CONFIG (21)             {"dataVersion":{…},"topicConfigTable":{"orders":{…}}}
 * GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201) {"dataVersion":{…},"subscriptionGroupTable":{"g":{…}}}
 * GET_ALL_CONSUMER_OFFSET (43)          {"offsetTable":{"orders@g":{"0":12,"1":7}}}
 * GET_ALL_DELAY_OFFSET (45)             {"offsetTable":{"1":12,"3":40}}
 * </pre>
 */
record MasterTables(TopicConfigWrapper topics, SubscriptionGroups.Table groups, ConsumerOffsets.Table offsets,
                    DelayOffsets.Table delays) {

    /**
     * @return completes with all four tables, or fails with an {@link IOException} naming the first
     *         request the master did not answer usably (unreachable, an error code, a bad body)
     */
    static CompletableFuture<MasterTables> fetch(RemotingClient client, String master, Duration timeout) {
        CompletableFuture<TopicConfigWrapper> topics = table(client, master, RequestCode.GET_ALL_TOPIC_CONFIG, TopicConfigWrapper.class, timeout);
        CompletableFuture<SubscriptionGroups.Table> groups = table(client, master, RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG,
                SubscriptionGroups.Table.class, timeout);
        CompletableFuture<ConsumerOffsets.Table> offsets = table(client, master, RequestCode.GET_ALL_CONSUMER_OFFSET,
                ConsumerOffsets.Table.class, timeout);
        CompletableFuture<DelayOffsets.Table> delays = table(client, master, RequestCode.GET_ALL_DELAY_OFFSET, DelayOffsets.Table.class, timeout);
        return CompletableFuture.allOf(topics, groups, offsets, delays)
                .thenApply(all -> new MasterTables(topics.join(), groups.join(), offsets.join(), delays.join()));
    }

    private static <T> CompletableFuture<T> table(RemotingClient client, String master, int code, Class<T> type, Duration timeout) {
        RemotingCommand request = RemotingCommand.builder().code(code).build();
        return client.invoke(master, request, timeout).toCompletableFuture().handle((response, failure) -> {
            if (failure != null) {
                throw new CompletionException(new IOException("request " + code + " to " + master + " failed: " + failure.getMessage(), failure));
            }
            try {
                if (response.code() != ResponseCode.SUCCESS) {
                    throw new CompletionException(new IOException("master " + master + " answered request " + code
                            + " with code " + response.code() + " (" + response.remark() + ")"));
                }
                T table = Json.read(ByteBufUtil.getBytes(response.body()), type);
                if (table == null) {
                    throw new CompletionException(new IOException("master " + master + " answered request " + code + " without a body"));
                }
                return table;
            } catch (IOException e) {
                throw new CompletionException(new IOException("master " + master + " answered request " + code
                        + " with a body that is not a " + type.getSimpleName() + ": " + e.getMessage(), e));
            } finally {
                response.release();
            }
        });
    }
}
