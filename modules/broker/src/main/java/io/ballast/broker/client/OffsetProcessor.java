package io.ballast.broker.client;

import io.ballast.broker.server.BrokerContext;
import io.ballast.remoting.RemotingChannel;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestException;
import io.ballast.remoting.RequestHeader;
import io.ballast.remoting.RequestProcessor;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.spi.store.MessageStore;
import io.ballast.spi.store.ReadResult;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Offsets, wire format §2.5: the group's committed offsets (QUERY_CONSUMER_OFFSET 14,
 * UPDATE_CONSUMER_OFFSET 15) and the queue's own (GET_MAX_OFFSET 30, GET_MIN_OFFSET 31,
 * GET_EARLIEST_MSG_STORETIME 32, SEARCH_OFFSET_BY_TIMESTAMP 29). Queue offsets come from the store
 * bound now; an unknown queue has offsets 0.
 */
public final class OffsetProcessor implements RequestProcessor {
    private final BrokerContext context;

    public OffsetProcessor(BrokerContext context) {
        this.context = context;
    }

    @Override
    public CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request) throws RequestException {
        RequestHeader header = RequestHeader.of(request);
        RemotingCommand response = switch (request.code()) {
            case RequestCode.QUERY_CONSUMER_OFFSET -> query(request, header);
            case RequestCode.UPDATE_CONSUMER_OFFSET -> update(request, header);
            case RequestCode.GET_MAX_OFFSET -> offset(request, CurrentStore.require(context).maxQueueOffset(header.requiredString("topic"), header.requiredInt("queueId")));
            case RequestCode.GET_MIN_OFFSET -> offset(request, CurrentStore.require(context).minQueueOffset(header.requiredString("topic"), header.requiredInt("queueId")));
            case RequestCode.GET_EARLIEST_MSG_STORETIME -> earliest(request, header);
            case RequestCode.SEARCH_OFFSET_BY_TIMESTAMP -> search(request, header);
            default -> throw new RequestException(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "request code " + request.code() + " is not an offset call");
        };
        return CompletableFuture.completedFuture(response);
    }

    /**
     * The committed offset; without one, offset 0 for a young queue, else QUERY_NOT_FOUND.
     *
     * <p>Deliberate choice (wire format §2.5, §8.10): upstream answers 0 to a group without a
     * committed offset when the queue's min offset is 0 and its first message is still "in
     * memory". Clients and tests written against upstream expect a new group to read a young topic
     * from the beginning, even with CONSUME_FROM_LAST_OFFSET, so Ballast keeps the rule in a
     * simpler, deterministic form: no committed offset, min offset 0 (retention has not removed the
     * queue's first message) and at least one message → 0. The page-cache test is left out; a
     * queue grows "old" here only when retention trims it. 5.x's {@code setZeroIfNotFound=false}
     * turns the rule off, as upstream.
     */
    private RemotingCommand query(RemotingCommand request, RequestHeader header) throws RequestException {
        String group = header.requiredString("consumerGroup");
        String topic = header.requiredString("topic");
        int queueId = header.requiredInt("queueId");
        OptionalLong committed = context.offsets().query(group, topic, queueId);
        if (committed.isPresent()) {
            return offset(request, committed.getAsLong());
        }
        if (header.optionalBoolean("setZeroIfNotFound", true)) {
            MessageStore store = CurrentStore.require(context);
            if (store.minQueueOffset(topic, queueId) == 0 && store.maxQueueOffset(topic, queueId) > 0) {
                return offset(request, 0);
            }
        }
        return RemotingCommand.responseTo(request, ResponseCode.QUERY_NOT_FOUND)
                .remark("group [" + group + "] has no committed offset for " + topic + "@" + queueId).build();
    }

    private RemotingCommand update(RemotingCommand request, RequestHeader header) throws RequestException {
        String group = header.requiredString("consumerGroup");
        String topic = header.requiredString("topic");
        int queueId = header.requiredInt("queueId");
        long offset = header.requiredLong("commitOffset");
        if (offset < 0 || queueId < 0) {
            throw new RequestException(ResponseCode.INVALID_PARAMETER,
                    "cannot commit offset " + offset + " for queue " + queueId + ": both must be ≥ 0");
        }
        context.offsets().commit(group, topic, queueId, offset);
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS).build();
    }

    /** Store time of the queue's first message; -1 when the queue holds none, as upstream. */
    private RemotingCommand earliest(RemotingCommand request, RequestHeader header) throws RequestException {
        String topic = header.requiredString("topic");
        int queueId = header.requiredInt("queueId");
        MessageStore store = CurrentStore.require(context);
        long time = storeTimeAt(store, topic, queueId, store.minQueueOffset(topic, queueId));
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .extField("timestamp", Long.toString(time)).build();
    }

    private RemotingCommand search(RemotingCommand request, RequestHeader header) throws RequestException {
        String topic = header.requiredString("topic");
        int queueId = header.requiredInt("queueId");
        long timestamp = header.requiredLong("timestamp");
        String boundaryName = header.optionalString("boundaryType", "LOWER").toUpperCase(Locale.ROOT);
        TimestampSearch.Boundary boundary;
        try {
            boundary = TimestampSearch.Boundary.valueOf(boundaryName);
        } catch (IllegalArgumentException e) {
            throw new RequestException(ResponseCode.INVALID_PARAMETER, "boundaryType must be LOWER or UPPER, not " + boundaryName);
        }
        MessageStore store = CurrentStore.require(context);
        long found = TimestampSearch.search(store.minQueueOffset(topic, queueId), store.maxQueueOffset(topic, queueId),
                timestamp, boundary, offset -> storeTimeAt(store, topic, queueId, offset));
        return offset(request, found);
    }

    /**
     * @return the store time of the message at {@code offset}, or -1 when it cannot be read. A
     *         search treats an unreadable message as older than any timestamp, so it moves past it.
     */
    private static long storeTimeAt(MessageStore store, String topic, int queueId, long offset) {
        ReadResult read = store.read(topic, queueId, offset, 1, Integer.MAX_VALUE);
        if (read.status() != ReadResult.Status.FOUND || read.records().isEmpty()) {
            return -1;
        }
        return StoreTimestamp.of(read.records().get(0).bytes());
    }

    private static RemotingCommand offset(RemotingCommand request, long offset) {
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS).extField("offset", Long.toString(offset)).build();
    }
}
