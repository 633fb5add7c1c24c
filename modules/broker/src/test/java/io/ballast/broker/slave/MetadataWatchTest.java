package io.ballast.broker.slave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.broker.FakeChannel;
import io.ballast.broker.TestBroker;
import io.ballast.broker.metadata.SubscriptionGroupConfig;
import io.ballast.broker.send.MessageArea;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestException;
import io.ballast.remoting.RequestProcessor;
import io.ballast.remoting.protocol.Perm;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.remoting.protocol.TopicConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The master's side of WATCH_METADATA, called as the server calls its processor. */
class MetadataWatchTest {
    @TempDir
    Path dir;

    private final FakeChannel slave = new FakeChannel(40_101);
    private TestBroker master;
    private MessageArea messages;
    private MetadataWatchArea area;
    private RequestProcessor processor;

    private void open(long coalesceMillis) throws Exception {
        master = TestBroker.open(dir);
        messages = new MessageArea(master.context);
        area = new MetadataWatchArea(master.context, messages.delayOffsets(), coalesceMillis);
        area.register((code, p, lane) -> {
            assertEquals(RequestCode.WATCH_METADATA, code);
            processor = p;
        });
    }

    @AfterEach
    void close() {
        if (area != null) {
            area.close();
        }
        if (master != null) {
            master.close();
        }
    }

    private CompletableFuture<RemotingCommand> watch(Map<String, String> fields) throws Exception {
        RemotingCommand request = RemotingCommand.builder().code(RequestCode.WATCH_METADATA).opaque(3).extFields(fields).build();
        return processor.process(slave, request).toCompletableFuture();
    }

    /** A watch naming what {@code previous} answered, held up to {@code holdMillis}. */
    private CompletableFuture<RemotingCommand> watchAfter(RemotingCommand previous, long holdMillis) throws Exception {
        return watch(Map.of("epoch", previous.extFields().get("epoch"), "since", previous.extFields().get("version"),
                "holdMillis", Long.toString(holdMillis)));
    }

    /** The first watch of a slave that knows nothing: answered at once with every table. */
    private RemotingCommand first() throws Exception {
        RemotingCommand answer = watch(Map.of("since", "-1")).get(10, TimeUnit.SECONDS);
        assertEquals(ResponseCode.SUCCESS, answer.code());
        assertEquals("topics,groups,offsets,delays", answer.extFields().get("changed"));
        return answer;
    }

    private static String changed(CompletableFuture<RemotingCommand> answer) throws Exception {
        RemotingCommand response = answer.get(10, TimeUnit.SECONDS);
        assertEquals(ResponseCode.SUCCESS, response.code(), response.remark());
        return response.extFields().get("changed");
    }

    @Test
    void aTopicOrGroupChangeAnswersAHeldWatchAtOnce() throws Exception {
        open(60_000);
        CompletableFuture<RemotingCommand> held = watchAfter(first(), 60_000);
        assertFalse(held.isDone(), "nothing changed yet, the watch must be held");
        assertEquals(1, area.watch().size());

        master.context.topics().put(TopicConfig.of("orders", 4, Perm.READ | Perm.WRITE));
        RemotingCommand answer = held.get(10, TimeUnit.SECONDS);
        assertEquals("topics", answer.extFields().get("changed"));
        assertEquals(3, answer.opaque());

        CompletableFuture<RemotingCommand> next = watchAfter(answer, 60_000);
        assertFalse(next.isDone(), "the version of the last answer covers the topic");
        master.context.groups().put(SubscriptionGroupConfig.defaults("billing"));
        assertEquals("groups", changed(next));
    }

    @Test
    void aWatchWithNothingChangedIsAnsweredEmptyWhenItsHoldEnds() throws Exception {
        open(60_000);
        RemotingCommand first = first();
        RemotingCommand answer = watchAfter(first, 200).get(10, TimeUnit.SECONDS);
        assertEquals("", answer.extFields().get("changed"));
        assertEquals(first.extFields().get("version"), answer.extFields().get("version"));
        assertEquals(0, area.watch().size());
    }

    @Test
    void offsetChangesAloneAreCoalescedIntoOneAnswerPerWindow() throws Exception {
        open(500);
        RemotingCommand first = first();
        long watched = System.nanoTime();
        CompletableFuture<RemotingCommand> held = watchAfter(first, 60_000);
        for (int i = 1; i <= 20; i++) {
            master.context.offsets().commit("billing", "orders", 0, i);
        }
        messages.delayOffsets().advance(2, 7);

        RemotingCommand answer = held.get(10, TimeUnit.SECONDS);
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - watched);
        assertEquals("offsets,delays", answer.extFields().get("changed"));
        assertTrue(waitedMillis >= 500, "offset changes were told after " + waitedMillis + " ms, inside the 500 ms window");

        // A commit of the offset already held is no change.
        master.context.offsets().commit("billing", "orders", 0, 20);
        assertEquals("", changed(watchAfter(answer, 700)));
    }

    @Test
    void aTopicChangeEndsAnOffsetCoalescingAtOnce() throws Exception {
        open(60_000);
        CompletableFuture<RemotingCommand> held = watchAfter(first(), 60_000);
        master.context.offsets().commit("billing", "orders", 0, 5);
        assertFalse(held.isDone(), "an offset change alone waits for its 60 s window");
        master.context.topics().put(TopicConfig.of("orders", 4, Perm.READ | Perm.WRITE));
        assertEquals("topics,offsets", changed(held));
    }

    @Test
    void aVersionOfAnotherIncarnationReportsEveryTableAtOnce() throws Exception {
        open(60_000);
        RemotingCommand first = first();
        long otherEpoch = Long.parseLong(first.extFields().get("epoch")) + 1;
        RemotingCommand answer = watch(Map.of("epoch", Long.toString(otherEpoch), "since", "0")).get(10, TimeUnit.SECONDS);
        assertEquals("topics,groups,offsets,delays", answer.extFields().get("changed"));
        assertEquals(first.extFields().get("epoch"), answer.extFields().get("epoch"));
        // A number this incarnation never reached (the master restarted and drew the same epoch) too.
        assertEquals("topics,groups,offsets,delays",
                changed(watch(Map.of("epoch", first.extFields().get("epoch"), "since", "999999"))));
    }

    @Test
    void aBadHeaderIsAnsweredInvalidParameterNamingTheField() throws Exception {
        open(60_000);
        assertInvalid(Map.of(), "since");
        assertInvalid(Map.of("since", "yesterday"), "since");
        assertInvalid(Map.of("since", "0", "epoch", "x1"), "epoch");
        assertInvalid(Map.of("since", "0", "holdMillis", "-5"), "holdMillis");
        assertEquals(0, area.watch().size());
    }

    private void assertInvalid(Map<String, String> fields, String field) {
        try {
            RemotingCommand answer = watch(new HashMap<>(fields)).get(10, TimeUnit.SECONDS);
            throw new AssertionError("answered " + answer.code() + " " + answer.extFields() + " for " + fields);
        } catch (RequestException e) {
            assertEquals(ResponseCode.INVALID_PARAMETER, e.responseCode());
            assertTrue(e.remark().contains(field), e.remark());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aClosedConnectionDropsItsWatchAndAStopAnswersTheRest() throws Exception {
        open(60_000);
        RemotingCommand first = first();
        CompletableFuture<RemotingCommand> dropped = watchAfter(first, 60_000);
        area.connectionClosed(slave);
        assertNull(dropped.get(10, TimeUnit.SECONDS));

        CompletableFuture<RemotingCommand> held = watchAfter(first, 60_000);
        area.close();
        assertEquals("", changed(held));
        assertNotEquals(0, Long.parseLong(held.get().extFields().get("epoch")));
        assertEquals("", changed(watchAfter(first, 60_000)), "a watch after the stop is answered at once");
    }
}
