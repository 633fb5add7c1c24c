package io.ballast.itest.swap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A higher-ranked routing policy dropped into deploy/ replaces slave read; deleting it restores it. */
class RoutingSwapIT {
    private static final String SLAVE_READ = "io.ballast.routing.SlaveReadRouting";
    private static final String FIXTURE = "io.ballast.fixture.routing.ServingBrokerRouting";

    @Test
    void slaveReadReplacedByAHigherRankedPolicyAndRestoredUnderLoadLosesNothing() throws Exception {
        try (SwapBroker broker = SwapBroker.start("RoutingSwapIT", Map.of());
             SwapLoad load = SwapLoad.start(broker.nameServer(), "SwapRouting", 4, 50_000, false)) {
            Path jar = broker.deploy().resolve("fixture-ranked-routing.jar");
            broker.awaitActive("routing", SLAVE_READ::equals);
            load.awaitProgress(300, Duration.ofSeconds(30));
            for (int round = 0; round < SwapBroker.rounds(); round++) {
                Files.copy(Path.of(System.getProperty("ballast.fixture.routing")), jar, StandardCopyOption.REPLACE_EXISTING);
                broker.awaitActive("routing", FIXTURE::equals);
                load.awaitProgress(300, Duration.ofSeconds(30));
                Files.delete(jar);
                broker.awaitActive("routing", SLAVE_READ::equals);
                load.awaitProgress(300, Duration.ofSeconds(30));
            }
            SwapLoad.Result result = load.finish(Duration.ofSeconds(60));
            System.out.println("SWAP-RESULT service=routing " + result);
            broker.reportPauses("routing");
            SwapChecks.nothingLost(result, broker);
        }
    }
}
