package io.ballast.broker.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.broker.FakeChannel;
import io.ballast.broker.TestServices;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.spi.store.ArrivalListener;
import io.ballast.spi.store.MessageStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pull side across a swap of the store: the long-poll listener leaves the old store for the
 * new one, held pulls are woken to read from the new store, and a pull during the gap waits.
 * Both "stores" are views of the fixture's one real store that record listener calls, as an old
 * and a new build of the store bundle opening the same files would be.
 */
class PullAcrossStoreSwapTest {
    private static final String T = "Orders";
    private static final int LITE = PullSysFlag.SUSPEND | PullSysFlag.SUBSCRIPTION | PullSysFlag.LITE_PULL;

    @TempDir
    Path dir;
    ConsumeFixture broker;
    final FakeChannel client = new FakeChannel(40001);
    final List<String> listenerCalls = new CopyOnWriteArrayList<>();
    MessageStore oldBuild;
    MessageStore newBuild;

    @BeforeEach
    void open() throws Exception {
        broker = new ConsumeFixture(dir);
        broker.topic(T, 4);
        oldBuild = view("old");
        newBuild = view("new");
        TestServices.bindStore(broker.context.services(), oldBuild, "io.ballast.store");
        TestServices.unbindStore(broker.context.services(), broker.store); // the fixture's own binding
    }

    @AfterEach
    void close() {
        broker.close();
    }

    private MessageStore view(String build) {
        return (MessageStore) Proxy.newProxyInstance(MessageStore.class.getClassLoader(), new Class<?>[] {MessageStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("hashCode")) {
                        return System.identityHashCode(proxy);
                    }
                    if (method.getName().equals("equals")) {
                        return proxy == args[0];
                    }
                    if (method.getName().endsWith("ArrivalListener") && args[0] instanceof ArrivalListener) {
                        listenerCalls.add(method.getName() + " " + build);
                    }
                    try {
                        return method.invoke(broker.store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private RemotingCommand pull(int queueId, long offset, long suspendMillis) {
        return broker.request(RequestCode.LITE_PULL_MESSAGE)
                .extField("consumerGroup", "cg").extField("topic", T).extField("queueId", Integer.toString(queueId))
                .extField("queueOffset", Long.toString(offset)).extField("maxMsgNums", "10")
                .extField("sysFlag", Integer.toString(LITE)).extField("commitOffset", "0")
                .extField("suspendTimeoutMillis", Long.toString(suspendMillis)).extField("subVersion", "0")
                .extField("subscription", "*").extField("expressionType", "TAG").build();
    }

    private void swapStore() {
        TestServices.unbindStore(broker.context.services(), oldBuild);
        TestServices.bindStore(broker.context.services(), newBuild, "io.ballast.store");
    }

    @Test
    void theArrivalListenerMovesToTheNewStore() {
        listenerCalls.clear();
        swapStore();
        assertEquals(List.of("removeArrivalListener old", "addArrivalListener new"), listenerCalls);
    }

    @Test
    void aHeldPullIsWokenByTheSwapAndAnsweredFromTheNewStore() throws Exception {
        CompletableFuture<RemotingCommand> held = broker.call(client, pull(1, 0, 20_000)).toCompletableFuture();
        assertFalse(held.isDone(), "an empty queue holds the pull");

        swapStore();
        RemotingCommand answer = held.get(10, TimeUnit.SECONDS); // well before its 20 s
        assertEquals(ResponseCode.PULL_NOT_FOUND, answer.code());
        assertEquals(0, broker.area.heldPulls());
    }

    @Test
    void aPullHeldAfterTheSwapIsWokenByAnArrivalInTheNewStore() throws Exception {
        swapStore();
        CompletableFuture<RemotingCommand> held = broker.call(client, pull(2, 0, 20_000)).toCompletableFuture();
        assertFalse(held.isDone());

        broker.send(T, 2, "a", "after the swap");
        assertEquals(ResponseCode.SUCCESS, held.get(10, TimeUnit.SECONDS).code());
    }

    @Test
    void aPullDuringTheGapWaitsForTheNewStore() throws Exception {
        broker.settings(java.util.Map.of("serviceSwapWaitMillis", "30000"));
        TestServices.unbindStore(broker.context.services(), oldBuild);
        broker.send(T, 3, "a", "stored before the swap");

        CompletableFuture<RemotingCommand> answer = broker.call(client, pull(3, 0, 0)).toCompletableFuture();
        assertFalse(answer.isDone(), "no store: the pull waits instead of failing");
        TestServices.bindStore(broker.context.services(), newBuild, "io.ballast.store");

        assertEquals(ResponseCode.SUCCESS, answer.get(10, TimeUnit.SECONDS).code());
        List<io.ballast.broker.ServiceBinding.Swap> swaps = broker.context.services().store().swaps();
        String line = swaps.get(swaps.size() - 1).line();
        assertTrue(line.startsWith("swap store: io.ballast.store -> io.ballast.store; traffic paused "), line);
    }
}
