package io.ballast.spi.message;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RocketMQ's properties string: {@code name 0x01 value 0x02}, repeated, UTF-8, a 0x02 after the
 * last pair too. The same string travels in the send header and is stored in the record, so
 * encoding and decoding must agree with the official clients byte for byte.
 */
public final class MessageProperties {
    /** Client message id, the msgId users see; indexed and the key dedup works on. */
    public static final String UNIQ_KEY = "UNIQ_KEY";
    /** Business keys separated by spaces; each is indexed. */
    public static final String KEYS = "KEYS";
    /** Tag; its String hash is the consume-queue tag code. */
    public static final String TAGS = "TAGS";
    /** "false": answer without waiting for flush and replication. */
    public static final String WAIT = "WAIT";
    /** Delay level 1–18. */
    public static final String DELAY = "DELAY";
    /** Original topic of a retried message. */
    public static final String RETRY_TOPIC = "RETRY_TOPIC";
    /** Original topic and queue of a scheduled message. */
    public static final String REAL_TOPIC = "REAL_TOPIC";
    public static final String REAL_QUEUE_ID = "REAL_QID";

    static final char NAME_VALUE_SEPARATOR = 1;
    static final char PROPERTY_SEPARATOR = 2;

    private MessageProperties() {
    }

    /** Encodes in iteration order; pairs with an empty name or value are left out, as clients do. */
    public static String encode(Map<String, String> properties) {
        StringBuilder sb = new StringBuilder(properties.size() * 24);
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String name = e.getKey();
            String value = e.getValue();
            if (name == null || name.isEmpty() || value == null || value.isEmpty()) {
                continue;
            }
            sb.append(name).append(NAME_VALUE_SEPARATOR).append(value).append(PROPERTY_SEPARATOR);
        }
        return sb.toString();
    }

    /**
     * Decodes leniently, as the clients do: a pair without a separator, or with an empty name or
     * value, is skipped rather than failing the whole message.
     */
    public static Map<String, String> decode(String encoded) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return properties;
        }
        int start = 0;
        int length = encoded.length();
        while (start < length) {
            int end = encoded.indexOf(PROPERTY_SEPARATOR, start);
            if (end < 0) {
                end = length;
            }
            int split = encoded.indexOf(NAME_VALUE_SEPARATOR, start);
            if (split > start && split < end - 1) {
                properties.put(encoded.substring(start, split), encoded.substring(split + 1, end));
            }
            start = end + 1;
        }
        return properties;
    }
}
