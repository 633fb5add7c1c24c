package io.ballast.broker.slave;

import io.ballast.broker.delay.DelayOffsets;
import io.ballast.broker.server.BrokerArea;
import io.ballast.broker.server.BrokerContext;
import io.ballast.broker.server.Lane;
import io.ballast.broker.server.ProcessorTable;
import io.ballast.remoting.RemotingChannel;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestException;
import io.ballast.remoting.RequestHeader;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import java.util.concurrent.CompletionStage;

/**
 * Serves WATCH_METADATA (layout in {@link MetadataWatch}) to this broker's slaves: the four
 * tables' change listeners feed the watch, and the processor only parses the header and hands the
 * request to the watch, so it never holds its lane's thread.
 */
public final class MetadataWatchArea implements BrokerArea {
    private final MetadataWatch watch;

    public MetadataWatchArea(BrokerContext context, DelayOffsets delays) {
        this(context, delays, MetadataWatch.COALESCE_MILLIS);
    }

    MetadataWatchArea(BrokerContext context, DelayOffsets delays, long coalesceMillis) {
        this.watch = new MetadataWatch(context.scheduler(), coalesceMillis);
        context.topics().onChange(() -> watch.changed(MetadataTable.TOPICS));
        context.groups().onChange(() -> watch.changed(MetadataTable.GROUPS));
        context.offsets().onChange(() -> watch.changed(MetadataTable.OFFSETS));
        delays.onChange(() -> watch.changed(MetadataTable.DELAYS));
    }

    @Override
    public void register(ProcessorTable table) {
        table.register(RequestCode.WATCH_METADATA, this::watch, Lane.ADMIN);
    }

    private CompletionStage<RemotingCommand> watch(RemotingChannel channel, RemotingCommand request) throws RequestException {
        RequestHeader header = RequestHeader.of(request);
        long since = header.requiredLong("since");
        long epoch = header.optionalLong("epoch", 0);
        long hold = header.optionalLong("holdMillis", MetadataWatch.MAX_HOLD_MILLIS);
        if (hold < 0) {
            throw new RequestException(ResponseCode.INVALID_PARAMETER, "holdMillis must not be negative: " + hold);
        }
        return watch.watch(channel, request, epoch, since, Math.min(hold, MetadataWatch.MAX_HOLD_MILLIS));
    }

    /** The watch itself (tests). */
    MetadataWatch watch() {
        return watch;
    }

    @Override
    public void connectionClosed(RemotingChannel channel) {
        watch.connectionClosed(channel);
    }

    @Override
    public void close() {
        watch.close();
    }
}
