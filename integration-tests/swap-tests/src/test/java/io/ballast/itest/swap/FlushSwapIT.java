package io.ballast.itest.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** flushDiskType edited in etc/ on a running broker under load: async → sync → async, nothing lost. */
class FlushSwapIT {
    private static final String ASYNC = "io.ballast.flush.async.AsyncFlush";
    private static final String GROUP_COMMIT = "io.ballast.flush.sync.GroupCommitFlush";

    @Test
    void asyncToSyncAndBackUnderLoadLosesNothing() throws Exception {
        try (SwapBroker broker = SwapBroker.start("FlushSwapIT", Map.of());
             SwapLoad load = SwapLoad.start(broker.nameServer(), "SwapFlush", 4, 50_000, false)) {
            assertEquals(ASYNC, broker.active("flush"));
            load.awaitProgress(300, Duration.ofSeconds(30));
            for (int round = 0; round < SwapBroker.rounds(); round++) {
                broker.setBrokerKey("flushDiskType", "SYNC_FLUSH");
                broker.awaitActive("flush", GROUP_COMMIT::equals);
                load.awaitProgress(300, Duration.ofSeconds(30));
                broker.setBrokerKey("flushDiskType", "ASYNC_FLUSH");
                broker.awaitActive("flush", ASYNC::equals);
                load.awaitProgress(300, Duration.ofSeconds(30));
            }
            SwapLoad.Result result = load.finish(Duration.ofSeconds(60));
            System.out.println("SWAP-RESULT service=flush " + result);
            broker.reportPauses("flush");
            SwapChecks.nothingLost(result, broker);
        }
    }
}
