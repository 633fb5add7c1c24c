package io.ballast.broker.consume;

import io.ballast.broker.ServiceBinding;
import io.ballast.broker.client.CurrentStore;
import io.ballast.broker.client.HeartbeatData.SubscriptionData;
import io.ballast.broker.config.BrokerKey;
import io.ballast.broker.config.BrokerSettings;
import io.ballast.broker.metadata.SubscriptionGroupConfig;
import io.ballast.broker.server.BrokerContext;
import io.ballast.remoting.RemotingChannel;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestException;
import io.ballast.remoting.RequestProcessor;
import io.ballast.remoting.protocol.Perm;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.remoting.protocol.TopicConfig;
import io.ballast.spi.dedup.DedupFilter;
import io.ballast.spi.dedup.DeliveryCandidate;
import io.ballast.spi.routing.PullContext;
import io.ballast.spi.routing.RoutingPolicy;
import io.ballast.spi.store.MessageStore;
import io.ballast.spi.store.RecordFields;
import io.ballast.spi.store.StoredRecord;
import io.ballast.spi.store.Watermarks;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.IntToLongFunction;
import java.util.function.Predicate;

/**
 * PULL_MESSAGE (11) and LITE_PULL_MESSAGE (361), wire format §2.4: checks the group, topic, queue
 * and subscription, stores the piggy-backed commit offset, reads a filtered batch and answers
 * with the records' bytes as they sit in the store (zero-copy slices). A pull that finds nothing
 * and may wait is handed to {@link PullHold} and answered when a message arrives or its time is up.
 *
 * <p>Every answer carries suggestWhichBrokerId, nextBeginOffset, minOffset and maxOffset: the
 * client unboxes all four whatever the code.
 */
final class PullProcessor implements RequestProcessor {
    /** The clients give up on a pull after 30 s; a held pull is answered well before that. */
    static final long MAX_HOLD_MILLIS = 25_000;

    private final BrokerContext context;
    private final PullHold hold;

    PullProcessor(BrokerContext context, PullHold hold) {
        this.context = context;
        this.hold = hold;
    }

    @Override
    public CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request) throws RequestException {
        PullRequestHeader header = PullRequestHeader.of(request);
        BrokerSettings settings = context.settings().current();
        SubscriptionGroupConfig group = context.groups()
                .findOrCreate(header.consumerGroup(), settings.flag(BrokerKey.AUTO_CREATE_SUBSCRIPTION_GROUP))
                .orElseThrow(() -> new RequestException(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                        "subscription group [" + header.consumerGroup() + "] does not exist on this broker"));
        if (!group.consumeEnable()) {
            throw new RequestException(ResponseCode.NO_PERMISSION,
                    "subscription group [" + header.consumerGroup() + "] may not consume (consumeEnable=false)");
        }
        TopicConfig topic = context.topics().find(header.topic())
                .orElseThrow(() -> new RequestException(ResponseCode.TOPIC_NOT_EXIST,
                        "topic [" + header.topic() + "] does not exist on this broker; create it first"));
        if (!Perm.readable(topic.perm())) {
            throw new RequestException(ResponseCode.NO_PERMISSION, "topic [" + header.topic() + "] may not be pulled from");
        }
        if (header.queueId() < 0 || header.queueId() >= topic.readQueueNums()) {
            throw new RequestException(ResponseCode.INVALID_PARAMETER, "queueId " + header.queueId() + " is illegal: topic ["
                    + header.topic() + "] has " + topic.readQueueNums() + " read queues");
        }
        TagFilter filter = filterOf(header);
        MessageStore store = CurrentStore.require(context);
        hold.listenOn(store);
        if (header.sysFlag().commitOffset() && !settings.isSlave() && header.commitOffset() >= 0) {
            context.offsets().commit(header.consumerGroup(), header.topic(), header.queueId(), header.commitOffset());
        }

        PullRead read = read(store, header, filter, settings);
        if (read.nothingYet(header.queueOffset()) && header.sysFlag().suspend()) {
            long wait = settings.flag(BrokerKey.LONG_POLLING_ENABLE)
                    ? Math.min(header.suspendTimeoutMillis(), MAX_HOLD_MILLIS)
                    : settings.number(BrokerKey.SHORT_POLLING_TIME_MILLS);
            if (wait > 0) {
                PullRead empty = read;
                // Below the max, the entry itself is not written yet (PullRead.nothingYet): the max
                // is no sign that it is there, so only a new arrival or the timeout ends this hold.
                boolean hole = read.maxQueueOffset() > header.queueOffset();
                return hold.hold(channel, header.topic(), header.queueId(), header.queueOffset(), wait,
                        hole ? header::queueOffset : () -> currentMax(header),
                        () -> rerun(request, header, filter),
                        () -> answer(request, header, empty, context.settings().current(), null));
            }
        }
        return CompletableFuture.completedFuture(answer(request, header, read, settings, store));
    }

    /** The filter: the request's own expression, or the one the group's heartbeats declared. */
    private TagFilter filterOf(PullRequestHeader header) throws RequestException {
        if (header.sysFlag().subscription()) {
            return TagFilter.parse(header.expressionType(), header.subscription());
        }
        SubscriptionData declared = context.consumers().subscription(header.consumerGroup(), header.topic())
                .orElseThrow(() -> new RequestException(ResponseCode.SUBSCRIPTION_NOT_EXIST,
                        "the consumer's subscription of [" + header.topic() + "] in group [" + header.consumerGroup()
                                + "] is unknown: no heartbeat declared it"));
        if (declared.subVersion() < header.subVersion()) {
            throw new RequestException(ResponseCode.SUBSCRIPTION_NOT_LATEST,
                    "the consumer's subscription is newer than the broker's; the next heartbeat brings it");
        }
        return TagFilter.parse(declared.expressionType(), declared.subString());
    }

    private long currentMax(PullRequestHeader header) {
        return context.services().store().current()
                .map(b -> b.service().maxQueueOffset(header.topic(), header.queueId())).orElse(0L);
    }

    private RemotingCommand rerun(RemotingCommand request, PullRequestHeader header, TagFilter filter) throws RequestException {
        BrokerSettings settings = context.settings().current();
        MessageStore store = CurrentStore.require(context);
        return answer(request, header, read(store, header, filter, settings), settings, store);
    }

    private PullRead read(MessageStore store, PullRequestHeader header, TagFilter filter, BrokerSettings settings) {
        Watermarks marks = store.watermarks(); // before the read: what is undispatched now may be in the queue by then
        PullRead read = PullReader.read(store, header.topic(), header.queueId(), header.queueOffset(), filter,
                BatchLimits.of(settings, header.maxMsgNums(), header.maxMsgBytes()), HotWindow.of(settings),
                marks.written(), deliveryCheck(header));
        // A slave never moves an offset (PullAnswer); a master does not for a gap its dispatcher may still fill.
        return settings.isSlave() ? read : UndispatchedTail.awaitIfLagging(read, header.queueOffset(), marks);
    }

    /**
     * The bound dedup filter's say on each record, asked with the group's committed offsets; every
     * record when none is bound. A record left out is skipped past like one the tag filter rejects,
     * so nextBeginOffset still moves beyond it (an all-filtered batch is PULL_RETRY_IMMEDIATELY
     * with the advanced offset, as for tags: the consumer moves on).
     */
    private Predicate<StoredRecord> deliveryCheck(PullRequestHeader header) {
        DedupFilter dedup = context.services().dedup().current().map(ServiceBinding.Bound::service).orElse(null);
        if (dedup == null) {
            return record -> true;
        }
        String group = header.consumerGroup();
        String topic = header.topic();
        IntToLongFunction committed = queueId -> context.offsets().query(group, topic, queueId).orElse(-1);
        long committedHere = committed.applyAsLong(header.queueId());
        return record -> {
            String key = RecordFields.of(record.bytes()).map(RecordFields::uniqueKey).orElse(null);
            return key == null || dedup.shouldDeliver(new DeliveryCandidate(group, topic, header.queueId(),
                    record.queueOffset(), key, committedHere, committed));
        };
    }

    /**
     * @param store the store read from, for the routing suggestion; null when the answer is given
     *              without reading (the broker stopping)
     */
    private RemotingCommand answer(RemotingCommand request, PullRequestHeader header, PullRead read,
                                   BrokerSettings settings, MessageStore store) {
        PullAnswer answer = PullAnswer.of(read, header.queueOffset(), settings.isSlave());
        RemotingCommand.Builder response = RemotingCommand.responseTo(request, answer.code())
                .remark(answer.remark())
                .extField("suggestWhichBrokerId", Long.toString(suggestBrokerId(read, settings, store)))
                .extField("nextBeginOffset", Long.toString(answer.nextBeginOffset()))
                .extField("minOffset", Long.toString(read.minQueueOffset()))
                .extField("maxOffset", Long.toString(read.maxQueueOffset()));
        if (answer.code() == ResponseCode.SUCCESS) {
            response.body(body(read));
            context.stats().got(header.consumerGroup(), header.topic(), read.records().size());
        }
        return response.build();
    }

    /** The records' own bytes, wrapped, not copied: read-only slices of the store's mapping. */
    private static ByteBuf body(PullRead read) {
        ByteBuffer[] slices = new ByteBuffer[read.records().size()];
        int i = 0;
        for (StoredRecord record : read.records()) {
            slices[i++] = record.bytes().duplicate();
        }
        return Unpooled.wrappedBuffer(slices);
    }

    /** The bound routing policy's suggestion; the master (0) when none is bound or nothing was read. */
    private long suggestBrokerId(PullRead read, BrokerSettings settings, MessageStore store) {
        if (store == null) {
            return 0;
        }
        RoutingPolicy routing = context.services().routing().current().map(ServiceBinding.Bound::service).orElse(null);
        if (routing == null) {
            return 0;
        }
        long maxPhysical = store.watermarks().written();
        long pulled = read.records().isEmpty() ? maxPhysical : read.records().get(0).physicalOffset();
        return routing.suggestBrokerId(new PullContext(settings.brokerId(), maxPhysical, pulled));
    }
}
