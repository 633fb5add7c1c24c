package io.ballast.itest.ha;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;

/**
 * Every send's outcome by key: the acknowledged ones (SEND_OK, the only ones a test may demand
 * back), each other status counted on its own (11 SLAVE_NOT_AVAILABLE and 12 FLUSH_SLAVE_TIMEOUT
 * matter for replication), and the sends that got no answer at all.
 */
final class SendLedger {
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Map<SendStatus, List<String>> byStatus = new EnumMap<>(SendStatus.class);
    private final List<String> failed = new ArrayList<>();

    synchronized void record(String key, SendResult result) {
        byStatus.computeIfAbsent(result.getSendStatus(), s -> new ArrayList<>()).add(key);
        if (result.getSendStatus() == SendStatus.SEND_OK) {
            acknowledged.add(key);
        }
    }

    synchronized void failed(String key, Exception e) {
        failed.add(key + ": " + e);
    }

    /** Keys answered SEND_OK. */
    Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    synchronized int count(SendStatus status) {
        return byStatus.getOrDefault(status, List.of()).size();
    }

    synchronized int failures() {
        return failed.size();
    }

    synchronized String summary() {
        StringBuilder out = new StringBuilder();
        for (SendStatus status : SendStatus.values()) {
            out.append(status).append('=').append(count(status)).append(' ');
        }
        out.append("noAnswer=").append(failed.size());
        if (!failed.isEmpty()) {
            out.append(" (first: ").append(failed.get(0)).append(')');
        }
        return out.toString();
    }
}
