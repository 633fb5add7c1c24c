package io.ballast.itest.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The dedup plugin dropped into deploy/ and removed again under load. While it is bound, every
 * acknowledged send is sent a second time (the same Message object, so the same UNIQ_KEY, as a
 * client retry after a timeout): the consumer must see each message once.
 */
class DedupSwapIT {
    private static final String DEDUP = "io.ballast.dedup.IdempotentDedup";

    @Test
    void noneToIdempotentAndBackUnderLoadLosesNothingAndForcedRetriesMakeNoDuplicate() throws Exception {
        try (SwapBroker broker = SwapBroker.start("DedupSwapIT", Map.of());
             SwapLoad load = SwapLoad.start(broker.nameServer(), "SwapDedup", 4, 50_000, false)) {
            Path jar = broker.deploy().resolve("dedup-idempotent.jar");
            load.awaitProgress(300, Duration.ofSeconds(30));
            for (int round = 0; round < SwapBroker.rounds(); round++) {
                Files.copy(Path.of(System.getProperty("ballast.plugin.dedup")), jar, StandardCopyOption.REPLACE_EXISTING);
                broker.awaitActive("dedup", DEDUP::equals);
                load.forcedRetries(true);
                load.awaitProgress(300, Duration.ofSeconds(30));
                load.forcedRetries(false);
                load.awaitProgress(100, Duration.ofSeconds(30)); // no forced retry still in flight
                Files.delete(jar);
                broker.awaitActive("dedup", "(none)"::equals);
                load.awaitProgress(300, Duration.ofSeconds(30));
            }
            SwapLoad.Result result = load.finish(Duration.ofSeconds(60));
            System.out.println("SWAP-RESULT service=dedup " + result);
            broker.reportPauses("dedup");
            SwapChecks.nothingLost(result, broker);
            assertEquals(0, result.retryMismatch(), "a forced retry is answered with the original msgId: " + result);
            assertEquals(0, result.duplicates(), "no duplicate reached the consumer: " + result);
        }
    }
}
