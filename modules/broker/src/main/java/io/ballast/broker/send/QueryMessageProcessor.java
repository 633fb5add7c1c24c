package io.ballast.broker.send;

import io.ballast.remoting.RemotingChannel;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestException;
import io.ballast.remoting.RequestHeader;
import io.ballast.remoting.RequestProcessor;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.spi.store.MessageStore;
import io.ballast.spi.store.StoredRecord;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * QUERY_MESSAGE (12): the records of a topic whose UNIQ_KEY or one of whose KEYS is {@code key},
 * stored between two times, concatenated in the body as they are stored (mqadmin queryMsgByKey
 * and queryMsgByUniqueKey). Nothing found is QUERY_NOT_FOUND, as upstream answers.
 *
 * <p>Response header {@code indexLastUpdateTimestamp} / {@code indexLastUpdatePhyoffset}: how far
 * the index is known to reach. Ballast's index is written with dispatch, so this is the visible
 * commitlog offset and the time of the answer.
 */
public final class QueryMessageProcessor implements RequestProcessor {
    /** Sent as "true" by a query by UNIQ_KEY; upstream then caps the answer at its default count. */
    static final String UNIQUE_KEY_QUERY = "_UNIQUE_KEY_QUERY";
    /** upstream's defaultQueryMaxNum */
    static final int UNIQUE_KEY_MAX = 32;
    /** upstream's maxMsgsNumBatch: keeps the answer far below the 16 MiB frame limit */
    static final int MAX_RESULTS = 64;

    private final DurableAppend appender;

    public QueryMessageProcessor(DurableAppend appender) {
        this.appender = appender;
    }

    @Override
    public CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request) throws RequestException {
        RequestHeader header = RequestHeader.of(request);
        String topic = header.requiredString("topic");
        String key = header.requiredString("key");
        int maxNum = header.requiredInt("maxNum");
        long begin = header.requiredLong("beginTimestamp");
        long end = header.requiredLong("endTimestamp");
        if ("true".equals(request.extFields().get(UNIQUE_KEY_QUERY))) {
            maxNum = UNIQUE_KEY_MAX;
        }
        maxNum = Math.max(1, Math.min(maxNum, MAX_RESULTS));
        MessageStore store = appender.store();
        List<StoredRecord> found = store.queryByKey(topic, key, maxNum, begin, end);
        RemotingCommand.Builder response = RemotingCommand.responseTo(request, found.isEmpty() ? ResponseCode.QUERY_NOT_FOUND : ResponseCode.SUCCESS)
                .extField("indexLastUpdateTimestamp", Long.toString(System.currentTimeMillis()))
                .extField("indexLastUpdatePhyoffset", Long.toString(store.watermarks().visible()));
        if (found.isEmpty()) {
            response.remark("no message of topic " + topic + " with key " + key + " between " + begin + " and " + end);
        } else {
            response.body(records(found));
        }
        return CompletableFuture.completedFuture(response.build());
    }

    /** Copies the records: a mapped segment may be unmapped by retention before the answer is written. */
    static ByteBuf records(List<StoredRecord> records) {
        int size = records.stream().mapToInt(r -> r.bytes().remaining()).sum();
        ByteBuf body = Unpooled.buffer(size);
        records.forEach(r -> body.writeBytes(r.bytes().duplicate()));
        return body;
    }
}
