package io.ballast.broker.consume;

import io.ballast.broker.client.ClientProcessor;
import io.ballast.broker.client.ConsumerIdsNotifier;
import io.ballast.broker.client.LockProcessor;
import io.ballast.broker.client.OffsetProcessor;
import io.ballast.broker.client.ProducerGroups;
import io.ballast.broker.client.QueueLocks;
import io.ballast.broker.config.BrokerKey;
import io.ballast.broker.server.BrokerArea;
import io.ballast.broker.server.BrokerContext;
import io.ballast.broker.server.Lane;
import io.ballast.broker.server.ProcessorTable;
import io.ballast.broker.server.SwapWait;
import io.ballast.remoting.RemotingChannel;
import io.ballast.remoting.protocol.RequestCode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consuming side of the broker: pulls with long polling, client registration (heartbeats,
 * consumer lists, notifications), queue locks of orderly consumers, and offsets. Between start and
 * close it re-checks held pulls every 5 s, expires silent consumers every 10 s and drops expired
 * locks every minute.
 */
public final class ConsumeArea implements BrokerArea {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumeArea.class);
    static final long EXPIRE_CLIENTS_MILLIS = 10_000;

    private final BrokerContext context;
    private final PullHold hold;
    private final ConsumerIdsNotifier notifier;
    private final QueueLocks locks;
    private final Clock clock;
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private final Runnable stopFollowingStore;

    public ConsumeArea(BrokerContext context) {
        this(context, Clock.systemUTC());
    }

    public ConsumeArea(BrokerContext context, Clock clock) {
        this.context = context;
        this.clock = clock;
        this.hold = new PullHold(context.scheduler());
        // The hold's arrival listener and its held pulls follow the store across swaps.
        this.stopFollowingStore = context.services().store().onChange((previous, next) -> hold.storeChanged(next));
        this.notifier = new ConsumerIdsNotifier(context.consumers());
        this.locks = new QueueLocks(clock, () -> context.settings().current().number(BrokerKey.REBALANCE_LOCK_MAX_LIVE_TIME));
    }

    @Override
    public void register(ProcessorTable table) {
        // Pulls and offset reads wait for the store while it is swapped (SwapWait).
        SwapWait pull = SwapWait.reading(context, new PullProcessor(context, hold));
        table.register(RequestCode.PULL_MESSAGE, pull, Lane.PULL);
        table.register(RequestCode.LITE_PULL_MESSAGE, pull, Lane.PULL);

        ClientProcessor client = new ClientProcessor(context, context.producers(), notifier, clock);
        for (int code : new int[] {RequestCode.HEART_BEAT, RequestCode.UNREGISTER_CLIENT,
                RequestCode.GET_CONSUMER_LIST_BY_GROUP, RequestCode.CHECK_CLIENT_CONFIG}) {
            table.register(code, client, Lane.CLIENT);
        }
        LockProcessor lock = new LockProcessor(locks);
        table.register(RequestCode.LOCK_BATCH_MQ, lock, Lane.CLIENT);
        table.register(RequestCode.UNLOCK_BATCH_MQ, lock, Lane.CLIENT);

        SwapWait offsets = SwapWait.reading(context, new OffsetProcessor(context));
        for (int code : new int[] {RequestCode.QUERY_CONSUMER_OFFSET, RequestCode.UPDATE_CONSUMER_OFFSET,
                RequestCode.GET_MAX_OFFSET, RequestCode.GET_MIN_OFFSET, RequestCode.GET_EARLIEST_MSG_STORETIME,
                RequestCode.SEARCH_OFFSET_BY_TIMESTAMP}) {
            table.register(code, offsets, Lane.QUERY);
        }
    }

    @Override
    public synchronized void start() {
        timers.add(every(PullHold.RECHECK_MILLIS, hold::recheck));
        timers.add(every(EXPIRE_CLIENTS_MILLIS, () -> notifier.notifyGroups(context.consumers().expireSilent())));
        timers.add(every(60_000, locks::expire));
    }

    private ScheduledFuture<?> every(long millis, Runnable task) {
        return context.scheduler().scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("Periodic consumer task failed: {}", e.toString()); // the next run tries again
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void connectionClosed(RemotingChannel channel) {
        hold.connectionClosed(channel);
        context.producers().channelClosed(channel);
        Set<String> affected = context.consumers().channelClosed(channel);
        notifier.notifyGroups(affected);
    }

    @Override
    public synchronized void close() {
        timers.forEach(t -> t.cancel(false));
        timers.clear();
        stopFollowingStore.run();
        hold.close();
    }


    /** The orderly consumers' queue locks (the send-back rule of orderly groups may consult them). */
    public QueueLocks locks() {
        return locks;
    }

    /** How many pulls wait for messages now. */
    public int heldPulls() {
        return hold.size();
    }
}
