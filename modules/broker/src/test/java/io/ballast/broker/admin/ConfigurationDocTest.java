package io.ballast.broker.admin;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.broker.config.BrokerKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/configuration.md is the operator's list of keys: it must name every key the broker reads. */
class ConfigurationDocTest {

    @Test
    void theConfigurationPageListsEveryBrokerKeyWithWhenItApplies() throws Exception {
        String page = Files.readString(Path.of("../../docs/configuration.md"));
        List<String> missing = new ArrayList<>();
        for (BrokerKey key : BrokerKey.values()) {
            String applies = key.applies() == BrokerKey.Applies.LIVE ? "live" : "restart";
            boolean listed = page.lines().anyMatch(line -> line.startsWith("|") && line.contains("`" + key.key() + "`")
                    && line.contains("| " + applies + " |"));
            if (!listed) {
                missing.add(key.key() + " (" + applies + ")");
            }
        }
        assertTrue(missing.isEmpty(), "docs/configuration.md lacks a table row for: " + missing);
    }
}
