package io.ballast.broker.send;

import io.ballast.broker.config.BrokerKey;
import io.ballast.broker.config.BrokerSettings;
import io.ballast.broker.delay.DelayLevels;
import io.ballast.broker.delay.DelayOffsets;
import io.ballast.broker.delay.DelayedDelivery;
import io.ballast.broker.metadata.JsonFile;
import io.ballast.broker.server.BrokerArea;
import io.ballast.broker.server.BrokerContext;
import io.ballast.broker.server.Lane;
import io.ballast.broker.server.ProcessorTable;
import io.ballast.broker.server.SwapWait;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.protocol.Json;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producing side of the broker: sends (single, V2, batch), consumer send-backs, delayed
 * delivery, and the look-ups by key and by offset id. Delay offsets live in
 * {@code config/delayOffset.json} beside the other metadata.
 */
public final class MessageArea implements BrokerArea {
    private static final Logger LOG = LoggerFactory.getLogger(MessageArea.class);
    static final String DELAY_OFFSET_FILE = "delayOffset.json";

    private final BrokerContext context;
    private final DurableAppend appender;
    private final DelayLevels delayLevels;
    private final DelayOffsets delayOffsets;
    private final DelayedDelivery delivery;

    public MessageArea(BrokerContext context) throws IOException {
        this.context = context;
        BrokerSettings settings = context.settings().current();
        this.appender = new DurableAppend(context.services(),
                () -> "SYNC_MASTER".equalsIgnoreCase(context.settings().current().string(BrokerKey.BROKER_ROLE)),
                () -> SwapWait.swapWaitMillis(context));
        this.delayLevels = delayLevels(settings);
        this.delayOffsets = DelayOffsets.open(new JsonFile(settings.configDirectory().resolve(DELAY_OFFSET_FILE)));
        this.delivery = new DelayedDelivery(appender, delayLevels, delayOffsets, context.scheduler());
    }

    private static DelayLevels delayLevels(BrokerSettings settings) {
        try {
            return DelayLevels.parse(settings.string(BrokerKey.MESSAGE_DELAY_LEVEL));
        } catch (IllegalArgumentException e) {
            LOG.error("{} is not usable ({}); using the default levels", BrokerKey.MESSAGE_DELAY_LEVEL.key(), e.getMessage());
            return DelayLevels.parse(BrokerKey.MESSAGE_DELAY_LEVEL.defaultValue());
        }
    }

    @Override
    public void register(ProcessorTable table) {
        SendMessageProcessor send = new SendMessageProcessor(context, appender, delayLevels,
                new UniqueKeys(context.settings().current().host()));
        // Requests that need the store wait for it while it is swapped (SwapWait).
        SwapWait sendWaiting = SwapWait.beforeWriting(context, send);
        table.register(RequestCode.SEND_MESSAGE, sendWaiting, Lane.SEND);
        table.register(RequestCode.SEND_MESSAGE_V2, sendWaiting, Lane.SEND);
        table.register(RequestCode.SEND_BATCH_MESSAGE, sendWaiting, Lane.SEND);
        table.register(RequestCode.CONSUMER_SEND_MSG_BACK,
                SwapWait.beforeWriting(context, new SendBackProcessor(context, appender, delayLevels)), Lane.SEND);
        table.register(RequestCode.QUERY_MESSAGE, SwapWait.reading(context, new QueryMessageProcessor(appender)), Lane.QUERY);
        table.register(RequestCode.VIEW_MESSAGE_BY_ID, SwapWait.reading(context, new ViewMessageProcessor(appender)), Lane.QUERY);
        table.register(RequestCode.GET_ALL_DELAY_OFFSET, (channel, request) -> CompletableFuture.completedFuture(
                RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                        .body(Unpooled.wrappedBuffer(Json.write(delayOffsets.snapshot()))).build()), Lane.ADMIN);
    }

    /** The delay levels' progress: a slave's metadata sync moves it forward from the master's. */
    public DelayOffsets delayOffsets() {
        return delayOffsets;
    }

    @Override
    public void start() {
        // A slave's commitlog is a byte copy of its master's: the master delivers delayed messages
        // and the slave receives them (and the master's delay offsets) by replication and sync.
        // Delivering on the slave too would append records the master never wrote.
        if (context.settings().current().isSlave()) {
            LOG.info("Delayed delivery stays off on a slave; the master delivers");
            return;
        }
        delivery.start();
    }

    @Override
    public void close() {
        delivery.close();
    }
}
