package io.ballast.broker.metadata;

import java.util.Optional;
import java.util.regex.Pattern;

/** The topic names the broker treats specially, and what makes a name acceptable (wire format §2.3). */
public final class TopicNames {
    /** The template topic producers fall back to, from which topics are auto-created. */
    public static final String AUTO_CREATE_TEMPLATE = "TBW102";
    /** Where delayed messages wait, one queue per delay level. */
    public static final String SCHEDULE = "SCHEDULE_TOPIC_XXXX";
    public static final String RETRY_PREFIX = "%RETRY%";
    public static final String DLQ_PREFIX = "%DLQ%";

    private static final Pattern LEGAL = Pattern.compile("[%|a-zA-Z0-9_-]+");
    private static final int MAX_LENGTH = 127;
    /** Retry and DLQ names carry a group name; still short enough for the V1 record (one length byte). */
    private static final int MAX_LENGTH_RETRY_OR_DLQ = 127;

    public static String retryTopic(String group) {
        return RETRY_PREFIX + group;
    }

    public static String dlqTopic(String group) {
        return DLQ_PREFIX + group;
    }

    public static boolean isRetry(String topic) {
        return topic.startsWith(RETRY_PREFIX);
    }

    public static boolean isDlq(String topic) {
        return topic.startsWith(DLQ_PREFIX);
    }

    /** Topics a client may not send to directly. */
    public static boolean isSystem(String topic) {
        return topic.equals(SCHEDULE) || topic.equals(AUTO_CREATE_TEMPLATE) || topic.startsWith("rmq_sys_")
                || topic.startsWith("RMQ_SYS_");
    }

    /**
     * @return why the name is refused, or empty if it is acceptable. Every stored record holds its
     *         topic behind a one-byte length (the V1 layout 4.9.x clients decode), so no name may
     *         exceed 127 bytes, retry and DLQ names included.
     */
    public static Optional<String> problem(String topic) {
        if (topic == null || topic.isEmpty()) {
            return Optional.of("the topic name is empty");
        }
        int max = isRetry(topic) || isDlq(topic) ? MAX_LENGTH_RETRY_OR_DLQ : MAX_LENGTH;
        if (topic.length() > max) {
            return Optional.of("the topic name is longer than " + max + " characters");
        }
        if (!LEGAL.matcher(topic).matches()) {
            return Optional.of("the topic name '" + topic + "' may only contain letters, digits, '%', '|', '_' and '-'");
        }
        return Optional.empty();
    }

    private TopicNames() {
    }
}
