package io.ballast.ha.link;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a refused peer at WARN once per host, so a port scanner or a misconfigured slave that
 * retries every second does not flood the log. Remembers the last {@value #REMEMBERED} hosts. Thread-safe.
 */
final class StrayPeers {
    private static final Logger LOG = LoggerFactory.getLogger(StrayPeers.class);
    private static final int REMEMBERED = 1024;

    private final Set<String> warned = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    }));

    void refused(String host, String reason) {
        if (warned.add(host)) {
            LOG.warn("HA connection from {} refused: {} (further refusals from this host are logged at DEBUG)", host, reason);
        } else {
            LOG.debug("HA connection from {} refused: {}", host, reason);
        }
    }
}
