package io.ballast.broker.send;

import io.ballast.remoting.RemotingChannel;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestException;
import io.ballast.remoting.RequestHeader;
import io.ballast.remoting.RequestProcessor;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.spi.store.StoredRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * VIEW_MESSAGE_BY_ID (33): the raw record at a commitlog offset (the client decodes it from an
 * offset msgId). An offset that starts no visible record is SYSTEM_ERROR, as upstream answers.
 */
public final class ViewMessageProcessor implements RequestProcessor {
    private final DurableAppend appender;

    public ViewMessageProcessor(DurableAppend appender) {
        this.appender = appender;
    }

    @Override
    public CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request) throws RequestException {
        long offset = RequestHeader.of(request).requiredLong("offset");
        StoredRecord record = appender.store().recordAt(offset).orElseThrow(() -> new RequestException(
                ResponseCode.SYSTEM_ERROR, "no message at commitlog offset " + offset));
        return CompletableFuture.completedFuture(RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .body(QueryMessageProcessor.records(List.of(record))).build());
    }
}
