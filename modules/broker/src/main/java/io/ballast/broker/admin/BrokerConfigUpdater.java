package io.ballast.broker.admin;

import java.io.IOException;
import java.util.Map;

/**
 * Writes broker.conf keys into the broker's configuration (ConfigAdmin pid {@code io.ballast.broker}),
 * where they persist and reach the running broker as any edit of etc/ does. Implemented by the
 * broker component; UPDATE_BROKER_CONFIG calls it only with changes it has already validated.
 */
@FunctionalInterface
public interface BrokerConfigUpdater {

    /**
     * Merges {@code changes} into the stored configuration (other keys are kept).
     *
     * @return the stored configuration after the merge
     * @throws IOException when the configuration could not be stored
     */
    Map<String, String> update(Map<String, String> changes) throws IOException;
}
